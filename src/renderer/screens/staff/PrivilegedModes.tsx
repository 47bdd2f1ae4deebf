// Runs in: renderer. Everything behind a PIN, mounted once over the citizen screens: the hidden
// corner and key, the role choice, the PIN pad, then the technician page or the staff panel, and
// the alarm banner for as long as the role stays unlocked. The engine holds the grant; this only
// mirrors it and closes itself when the engine says the grant is gone or it expires.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuthStatus, Role } from '../../../shared/contract';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';
import { TechnicianScreen } from '../technician/TechnicianScreen';
import { isOpenKey, registerTap } from './gesture';
import { PinPad } from './PinPad';
import { StaffPanel } from './StaffPanel';
import { StaffAlarmBanner } from './StaffAlarmBanner';
import './staff.css';

type Mode =
  | { name: 'closed' }
  | { name: 'choose' }
  | { name: 'pin'; role: Role; error?: string; busy: boolean }
  | { name: 'unlocked'; role: Role; expiresAt: string; panelOpen: boolean; assisting?: boolean; staffView?: boolean };

export function PrivilegedModes() {
  const { client, connection } = useKiosk();
  const { t, errorText } = useI18n();
  const [mode, setMode] = useState<Mode>({ name: 'closed' });
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const taps = useRef<number[]>([]);

  const open = useCallback(() => setMode((m) => (m.name === 'closed' ? { name: 'choose' } : m)), []);
  const closeLocally = useCallback(() => setMode({ name: 'closed' }), []);
  const lock = useCallback(() => {
    setMode({ name: 'closed' });
    client.call('auth.lock', {}).catch(() => undefined);
  }, [client]);

  // After a reload or reconnect the engine may still hold a grant: show it rather than hide it.
  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    client.call('auth.status', {}).then(
      (s) => {
        if (cancelled) return;
        setStatus(s);
        if (s.role && s.expiresAt) setMode({ name: 'unlocked', role: s.role, expiresAt: s.expiresAt, panelOpen: false });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [client, connection]);

  // An assisted session ends like any citizen session (finish, timeout, card removal): ask the
  // engine whether the assisted mark is still there rather than guess from the event's order.
  const assisting = mode.name === 'unlocked' && mode.assisting === true;
  useEffect(() => {
    if (!assisting) return;
    return client.on('session.ended', () => {
      client.call('staff.assist', { action: 'status' }).then(
        (a) => setMode((m) => (m.name === 'unlocked' && !a.active ? { ...m, assisting: false } : m)),
        () => setMode((m) => (m.name === 'unlocked' ? { ...m, assisting: false } : m)),
      );
    });
  }, [assisting, client]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isOpenKey(e)) {
        e.preventDefault();
        open();
      } else if (e.key === 'Escape') {
        setMode((m) => (m.name === 'choose' || m.name === 'pin' ? { name: 'closed' } : m));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  // The engine drops the grant at expiresAt; close the mode at the same moment.
  const expiresAt = mode.name === 'unlocked' ? mode.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    const timer = setTimeout(closeLocally, Math.max(0, new Date(expiresAt).getTime() - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, closeLocally]);

  const onCornerTap = () => {
    const r = registerTap(taps.current, Date.now());
    taps.current = r.taps;
    if (r.triggered) open();
  };

  const submitPin = (role: Role, pin: string) => {
    setMode({ name: 'pin', role, busy: true });
    client.call('auth.unlock', { role, pin }).then(
      (grant) => setMode({ name: 'unlocked', role: grant.role, expiresAt: grant.expiresAt, panelOpen: true }),
      (error: unknown) => setMode({ name: 'pin', role, busy: false, error: errorText(error, 'staff.pinFailed') }),
    );
  };

  const roles: Role[] = status?.available.length ? status.available : ['staff', 'technician'];
  const staffPanel = <StaffPanel onAuthLost={closeLocally} onAssistStarted={() => setMode((m) => (m.name === 'unlocked' ? { ...m, panelOpen: false, assisting: true } : m))} />;

  return (
    <>
      {/* Deliberately unlabelled and invisible: a hidden way in, not a control for citizens. */}
      <div className="staff-corner" aria-hidden="true" data-testid="staff-corner" onPointerDown={onCornerTap} />
      {mode.name === 'choose' ? (
        <div className="overlay staff-overlay" role="dialog" aria-modal="true" aria-labelledby="staff-choose-title">
          <div className="overlay-box staff-choose">
            <h1 id="staff-choose-title" className="screen-title">
              {t('staff.chooseRole')}
            </h1>
            <div className="actions">
              {roles.map((role) => (
                <button key={role} type="button" className="button-primary" onClick={() => setMode({ name: 'pin', role, busy: false })}>
                  {t(`staff.role.${role}`)}
                </button>
              ))}
            </div>
            <button type="button" className="button-secondary" onClick={closeLocally}>
              {t('staff.close')}
            </button>
          </div>
        </div>
      ) : null}
      {mode.name === 'pin' ? (
        <div className="overlay staff-overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
          <div className="overlay-box staff-pin">
            <PinPad title={t('staff.pinTitle', { role: t(`staff.roleLower.${mode.role}`) })} busy={mode.busy} {...(mode.error ? { error: mode.error } : {})} onSubmit={(pin) => submitPin(mode.role, pin)} onCancel={closeLocally} />
          </div>
        </div>
      ) : null}
      {mode.name === 'unlocked' ? (
        <div className={`staff-layer${mode.panelOpen ? ' open' : ''}`}>
          <StaffAlarmBanner
            role={mode.role}
            expiresAt={mode.expiresAt}
            panelOpen={mode.panelOpen}
            onTogglePanel={() => setMode((m) => (m.name === 'unlocked' ? { ...m, panelOpen: !m.panelOpen } : m))}
            onLock={lock}
            {...(mode.assisting ? { note: t('staff.panel.assistBanner') } : {})}
          />
          {mode.panelOpen ? (
            <div className="staff-panel" role="dialog" aria-modal="true" aria-label={t(`staff.role.${mode.role}`)}>
              {mode.role === 'technician' ? (
                // The technician may do all staff can: the staff panel is one switch away.
                <div className="staff-views">
                  <div className="staff-view-switch" role="group" aria-label={t('staff.panel.viewSwitch')}>
                    <button type="button" className="staff-view-button" aria-pressed={!mode.staffView} onClick={() => setMode((m) => (m.name === 'unlocked' ? { ...m, staffView: false } : m))}>
                      {t('staff.panel.viewDevices')}
                    </button>
                    <button type="button" className="staff-view-button" aria-pressed={mode.staffView === true} onClick={() => setMode((m) => (m.name === 'unlocked' ? { ...m, staffView: true } : m))}>
                      {t('staff.panel.viewStaff')}
                    </button>
                  </div>
                  {mode.staffView ? staffPanel : <TechnicianScreen demoPins={status?.demoPins ?? false} onAuthLost={closeLocally} />}
                </div>
              ) : (
                staffPanel
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
