// Runs in: renderer. While a staff or technician mode is unlocked: the devices that need a person
// now (paper out, cover open, unplugged), live from `device.status`, plus lock/reopen controls.
import type { DeviceStatus, Role } from '../../../shared/contract';
import { useKiosk } from '../../kiosk-context';
import { DEVICE_LABEL, ROLE_LABEL, STATE_LABEL, T } from './strings';

export function activeAlarms(devices: Record<string, DeviceStatus>): DeviceStatus[] {
  return Object.values(devices)
    .filter((d) => d.alarm || d.state === 'alarm' || d.state === 'error' || d.state === 'absent' || d.state === 'warning')
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function StaffAlarmBanner({ role, expiresAt, panelOpen, onTogglePanel, onLock }: { role: Role; expiresAt: string; panelOpen: boolean; onTogglePanel: () => void; onLock: () => void }) {
  const { devices } = useKiosk();
  const alarms = activeAlarms(devices);
  const until = new Date(expiresAt).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
  return (
    <aside className="staff-banner" aria-label={T.alarmsTitle} data-testid="staff-banner">
      <div className="staff-banner-head">
        <span className="staff-role">{T.unlockedAs(role, until)}</span>
        <button type="button" className="staff-button" onClick={onTogglePanel}>
          {panelOpen ? T.minimise : T.reopen}
        </button>
        <button type="button" className="staff-button staff-button-lock" onClick={onLock}>
          {T.lock}
        </button>
      </div>
      {alarms.length === 0 ? (
        <p className="staff-no-alarm">{T.noAlarms}</p>
      ) : (
        // role="alert" sits on a wrapper: on the <ul> itself it would replace the list role and
        // leave the <li>s without a list (axe "listitem").
        <div role="alert" data-testid="staff-alarms">
          <ul className="staff-alarms">
            {alarms.map((d) => (
              <li key={d.id} className={`staff-alarm staff-alarm-${d.state}`}>
                <strong>
                  ⚠ {DEVICE_LABEL[d.kind]} — {STATE_LABEL[d.state]}:
                </strong>{' '}
                {d.alarm?.message ?? d.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      <span className="visually-hidden">{ROLE_LABEL[role]}</span>
    </aside>
  );
}
