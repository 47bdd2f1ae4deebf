// Runs in: renderer. The technician's device page: every device with its live state, detail and
// alarm, a "Kiểm tra" per device with the measured result, and the redacted logs export.
import { useEffect, useState } from 'react';
import type { DeviceKind, DeviceStatus, DeviceTestResult, LogsExport } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';
import { ConfigEditor } from './ConfigEditor';
import { EventList } from './EventList';
import { PrinterSettingsPanel } from './PrinterSettingsPanel';
import { ScannerCalibrationPanel } from './ScannerCalibrationPanel';

const ORDER: DeviceKind[] = ['card-reader', 'qr-scanner', 'document-scanner', 'printer'];

type TestState = { running: true } | { running: false; result?: DeviceTestResult; error?: string };

function errorText(error: unknown): string {
  return isKioskError(error) ? `${error.code}: ${error.technicianMessage}` : String(error);
}

/** Status changes seen while the page is open, newest first, a few per device. */
type Events = Partial<Record<DeviceKind, Array<{ at: string; state: DeviceStatus['state']; detail: string }>>>;
const EVENTS_KEPT = 5;

function DeviceRow({ kind, status, test, events, onTest }: { kind: DeviceKind; status: DeviceStatus | undefined; test: TestState | undefined; events: Events[DeviceKind]; onTest: () => void }) {
  const { t, alarmText } = useI18n();
  const result = test && !test.running ? test.result : undefined;
  return (
    <li className="tech-device" data-testid={`tech-device-${kind}`}>
      <div className="tech-device-head">
        <h2 className="tech-device-name">{t(`staff.device.${kind}`)}</h2>
        <span className={`tech-state tech-state-${status?.state ?? 'absent'}`} data-testid={`tech-state-${kind}`}>
          {status ? t(`staff.state.${status.state}`) : t('technician.notConfigured')}
        </span>
        <button type="button" className="button-primary tech-test" disabled={!status || test?.running === true} onClick={onTest}>
          {test?.running ? t('technician.testing') : t('technician.test')}
        </button>
      </div>
      {status ? (
        <p className="tech-detail">
          <code>
            {status.driver} {status.port}
            {status.simulated ? ` (${t('technician.simulated')})` : ''}
          </code>{' '}
          — {status.detail}
        </p>
      ) : null}
      {status?.alarm ? (
        <p className="tech-alarm">
          ⚠ {alarmText(status.alarm)} <code>{status.alarm.code}</code>
        </p>
      ) : null}
      {events?.length ? (
        <details className="tech-events">
          <summary>{t('technician.recentEvents', { count: events.length })}</summary>
          <ol>
            {events.map((e, i) => (
              <li key={i}>
                <time>{new Date(e.at).toLocaleTimeString('vi-VN')}</time> {t(`staff.state.${e.state}`)} — {e.detail}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {test && !test.running && test.error ? (
        <p className="field-error" role="alert">
          {test.error}
        </p>
      ) : null}
      {result ? (
        <div className={`tech-result ${result.ok ? 'tech-result-ok' : 'tech-result-bad'}`} data-testid={`tech-result-${kind}`} role="status">
          <p className="tech-result-head">
            {result.ok ? `✓ ${t('technician.testOk')}` : `✗ ${t('technician.testFailed')}`} — {result.detail} ({result.durationMs} ms)
          </p>
          {Object.keys(result.figures).some((k) => k.endsWith('Ms')) ? (
            <ol className="tech-timings" aria-label={t('technician.timings')} data-testid={`tech-timings-${kind}`}>
              {Object.entries(result.figures)
                .filter(([k, v]) => k.endsWith('Ms') && typeof v === 'number')
                .map(([k, v]) => (
                  <li key={k}>
                    <span>{k.replace(/Ms$/, '')}</span> <strong>{String(v)} ms</strong>
                  </li>
                ))}
            </ol>
          ) : null}
          <dl className="tech-figures">
            {Object.entries(result.figures)
              .filter(([k]) => !k.endsWith('Ms'))
              .map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
          {result.thumbnail ? <img className="tech-thumb" src={result.thumbnail} alt={t('technician.testScan')} /> : null}
        </div>
      ) : null}
    </li>
  );
}

export function TechnicianScreen({ demoPins, onAuthLost }: { demoPins: boolean; onAuthLost: () => void }) {
  const { client, devices } = useKiosk();
  const { t } = useI18n();
  const [tests, setTests] = useState<Partial<Record<DeviceKind, TestState>>>({});
  const [exported, setExported] = useState<{ result?: LogsExport; error?: string; running?: boolean }>({});
  const [events, setEvents] = useState<Events>({});
  useEffect(
    () =>
      client.on('device.status', (d) => {
        setEvents((all) => {
          const list = all[d.kind] ?? [];
          // The engine re-sends an unchanged status on each poll; only changes are events here.
          if (list[0] && list[0].state === d.state && list[0].detail === d.detail) return all;
          return { ...all, [d.kind]: [{ at: d.updatedAt, state: d.state, detail: d.detail }, ...list].slice(0, EVENTS_KEPT) };
        });
      }),
    [client],
  );
  const byKind = Object.fromEntries(Object.values(devices).map((d) => [d.kind, d])) as Partial<Record<DeviceKind, DeviceStatus>>;

  const runTest = (kind: DeviceKind) => {
    setTests((all) => ({ ...all, [kind]: { running: true } }));
    client.call('technician.deviceTest', { device: kind }).then(
      (result) => setTests((all) => ({ ...all, [kind]: { running: false, result } })),
      (error: unknown) => {
        if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
        setTests((all) => ({ ...all, [kind]: { running: false, error: errorText(error) } }));
      },
    );
  };

  const [config, setConfig] = useState<{ yaml?: string; error?: string } | null>(null);
  const showConfig = () => {
    if (config?.yaml) return setConfig(null);
    client.call('technician.config', {}).then(
      ({ yaml }) => setConfig({ yaml }),
      (error: unknown) => {
        if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
        setConfig({ error: errorText(error) });
      },
    );
  };

  const exportLogs = () => {
    setExported({ running: true });
    client.call('technician.logsExport', {}).then(
      (result) => setExported({ result }),
      (error: unknown) => {
        if (isKioskError(error) && error.code === 'auth.required') onAuthLost();
        setExported({ error: errorText(error) });
      },
    );
  };

  return (
    <section className="technician" aria-labelledby="technician-title">
      <h1 id="technician-title" className="screen-title">
        {t('technician.title')}
      </h1>
      {demoPins ? <p className="badge badge-warn">{t('technician.demoPins')}</p> : null}
      <ul className="tech-devices">
        {ORDER.map((kind) => (
          <DeviceRow key={kind} kind={kind} status={byKind[kind]} test={tests[kind]} events={events[kind]} onTest={() => runTest(kind)} />
        ))}
      </ul>
      {byKind.printer ? <PrinterSettingsPanel onAuthLost={onAuthLost} /> : null}
      {byKind['document-scanner'] ? <ScannerCalibrationPanel onAuthLost={onAuthLost} /> : null}
      <EventList onAuthLost={onAuthLost} />
      <div className="tech-logs">
        <button type="button" className="button-secondary" onClick={showConfig} aria-expanded={Boolean(config?.yaml)}>
          {config?.yaml ? t('technician.configHide') : t('technician.configShow')}
        </button>
        {config?.yaml ? (
          <pre className="tech-config" data-testid="tech-config" tabIndex={0} aria-label={t('technician.configShow')}>
            {config.yaml}
          </pre>
        ) : null}
        {config?.error ? (
          <p className="field-error" role="alert">
            {config.error}
          </p>
        ) : null}
        <ConfigEditor onAuthLost={onAuthLost} />
        <button type="button" className="button-secondary" disabled={exported.running === true} onClick={exportLogs}>
          {t('technician.logsExport')}
        </button>
        {exported.result ? (
          <p role="status" data-testid="logs-export">
            {t('technician.logsExported', { path: exported.result.path, files: exported.result.files })}
          </p>
        ) : null}
        {exported.error ? (
          <p className="field-error" role="alert">
            {exported.error}
          </p>
        ) : null}
      </div>
    </section>
  );
}
