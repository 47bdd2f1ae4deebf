// Runs in: renderer. While a staff or technician mode is unlocked: the devices that need a person
// now (paper out, cover open, unplugged), live from `device.status`, plus lock/reopen controls.
import type { DeviceStatus, Role } from '../../../shared/contract';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

export function activeAlarms(devices: Record<string, DeviceStatus>): DeviceStatus[] {
  return Object.values(devices)
    .filter((d) => d.alarm || d.state === 'alarm' || d.state === 'error' || d.state === 'absent' || d.state === 'warning')
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function StaffAlarmBanner({
  role,
  expiresAt,
  panelOpen,
  onTogglePanel,
  onLock,
  note,
}: {
  role: Role;
  expiresAt: string;
  panelOpen: boolean;
  onTogglePanel: () => void;
  onLock: () => void;
  /** What the unlocked role is doing now, e.g. an assisted citizen session. */
  note?: string;
}) {
  const { devices } = useKiosk();
  const { t, alarmText } = useI18n();
  const alarms = activeAlarms(devices);
  const until = new Date(expiresAt).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  return (
    <aside className="staff-banner" aria-label={t('staff.alarmsTitle')} data-testid="staff-banner">
      <div className="staff-banner-head">
        <span className="staff-role">
          {t('staff.unlockedAs', { role: t(`staff.roleLower.${role}`), until })}
          {note ? (
            <>
              {' · '}
              <span className="staff-banner-note" data-testid="staff-banner-note">
                {note}
              </span>
            </>
          ) : null}
        </span>
        <button type="button" className="staff-button" onClick={onTogglePanel}>
          {panelOpen ? t('staff.minimise') : t('staff.reopen')}
        </button>
        <button type="button" className="staff-button staff-button-lock" onClick={onLock}>
          {t('staff.lock')}
        </button>
      </div>
      {alarms.length === 0 ? (
        <p className="staff-no-alarm">{t('staff.noAlarms')}</p>
      ) : (
        // role="alert" sits on a wrapper: on the <ul> itself it would replace the list role and
        // leave the <li>s without a list (axe "listitem").
        <div role="alert" data-testid="staff-alarms">
          <ul className="staff-alarms">
            {alarms.map((d) => (
              <li key={d.id} className={`staff-alarm staff-alarm-${d.state}`}>
                <strong>
                  ⚠ {t(`staff.device.${d.kind}`)} — {t(`staff.state.${d.state}`)}:
                </strong>{' '}
                {d.alarm ? alarmText(d.alarm) : d.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <span className="visually-hidden">{t(`staff.role.${role}`)}</span>
    </aside>
  );
}
