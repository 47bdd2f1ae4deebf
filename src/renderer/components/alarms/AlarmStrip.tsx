// Runs in: renderer. The on-screen and audible device alarm (config `alarms.notify`: "screen",
// "sound"): a strip under the header, in the page's flow so it never covers a citizen's button,
// telling whoever is near that a device needs a member of staff; a short chime when one is raised.
// Only device facts are shown — alarms never carry personal data.
import { useEffect, useRef, useState } from 'react';
import type { AlarmChannelName, AlarmNotice } from '../../../shared/contract';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

/** Two soft tones (Web Audio): noticeable across a hall, not alarming for the citizen at the screen. */
export function chime(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.value = 0.15;
    [660, 880].forEach((hz, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = hz;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.25);
      osc.stop(ctx.currentTime + i * 0.25 + 0.2);
    });
    setTimeout(() => void ctx.close().catch(() => undefined), 1000);
  } catch {
    // No audio device or autoplay refused: the strip still shows.
  }
}

export function applyNotice(list: AlarmNotice[], notice: AlarmNotice): AlarmNotice[] {
  const others = list.filter((a) => a.deviceId !== notice.deviceId);
  return notice.event === 'raised' ? [...others, notice] : others;
}

export function AlarmStrip() {
  const { t, alarmText } = useI18n();
  const { client, connection } = useKiosk();
  const [notify, setNotify] = useState<AlarmChannelName[]>([]);
  const [active, setActive] = useState<AlarmNotice[]>([]);
  const notifyRef = useRef(notify);
  notifyRef.current = notify;

  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    client.call('alarms.active', {}).then(
      (r) => {
        if (cancelled) return;
        setNotify(r.notify);
        setActive(r.active);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [client, connection]);

  useEffect(
    () =>
      client.on('alarm.notice', (notice) => {
        setActive((list) => applyNotice(list, notice));
        if (notice.event === 'raised' && notifyRef.current.includes('sound')) chime();
      }),
    [client],
  );

  if (!notify.includes('screen') || active.length === 0) return null;
  return (
    <div className="alarm-strip" role="status" aria-live="polite" data-testid="alarm-strip">
      {active.map((a) => (
        <p key={a.deviceId}>
          <span aria-hidden="true">⚠ </span>
          <strong>{t(`staff.device.${a.kind}`)}:</strong> {alarmText(a)} <span className="alarm-strip-call">{t('alarm.staffCalled')}</span>
        </p>
      ))}
    </div>
  );
}
