// Runs in: renderer. The staff panel: assisted mode, the dossier outbox (rejected, failing, waiting,
// delivered today) with resubmit / retry now / reprint, reprint by typed code, today's queue and
// the devices. It refreshes itself every few seconds while open; the engine checks the PIN grant
// on every call, and an `auth.required` answer closes the panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssistStatus, DeviceKind, OutboxRow, QueueToday, StaffOutbox } from '../../../shared/contract';
import type { LocalizedText } from '../../../shared/contract/text';
import { isKioskError } from '../../../shared/errors';
import { VietKeyboard } from '../../components/keyboard/VietKeyboard';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';
import './staff-panel.css';

const REFRESH_MS = 3000;
const DEVICE_ORDER: DeviceKind[] = ['printer', 'card-reader', 'qr-scanner', 'document-scanner'];

const time = (iso: string) => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
// vi-VN writes a day without its year as "23-11"; receipts and forms write 23/11.
const dayOf = (iso: string) => dayMonth.format(new Date(iso));

/** An engine's answer keeps both languages, so the line follows a language switch. */
type Notice = { kind: 'ok' | 'error'; text: string | LocalizedText } | null;

function OutboxItem({ row, busy, onResubmit, onRetry, onReprint }: { row: OutboxRow; busy: boolean; onResubmit: () => void; onRetry: () => void; onReprint: () => void }) {
  const { t, pick } = useI18n();
  const dateTime = (iso: string) => t('staff.panel.dateTime', { time: time(iso), date: dayOf(iso) });
  return (
    <li className={`outbox-row outbox-row-${row.state}`} data-testid={`outbox-row-${row.dossierCode}`} data-state={row.state}>
      <div className="outbox-row-head">
        <span className={`outbox-state outbox-state-${row.state}`} data-testid="outbox-state">
          {t(`staff.panel.rowState.${row.state}`)}
        </span>
        <span className="outbox-code dossier-code">{row.dossierCode}</span>
        {row.assisted ? <span className="outbox-tag">{t('staff.panel.assistedTag')}</span> : null}
      </div>
      <p className="outbox-procedure">{pick(row.procedureName)}</p>
      <p className="outbox-when">
        {t('staff.panel.submittedAt', { time: dateTime(row.submittedAt) })}
        {row.state === 'delivered' && row.finishedAt ? ` · ${t('staff.panel.finishedAt', { time: time(row.finishedAt) })}` : null}
        {row.state === 'dead' && row.finishedAt ? ` · ${t('staff.panel.deadAt', { time: dateTime(row.finishedAt) })}` : null}
        {row.state === 'retrying' && row.nextAttemptAt ? ` · ${t('staff.panel.nextAttempt', { time: time(row.nextAttemptAt), attempts: row.attempts })}` : null}
      </p>
      {row.advice ? (
        <p className="outbox-advice" data-testid="outbox-advice">
          {pick(row.advice)}
        </p>
      ) : null}
      {row.reason ? (
        <p className="outbox-reason">
          {t('staff.panel.reasonLabel')} <code>{row.reason}</code>
        </p>
      ) : null}
      <div className="outbox-actions">
        {row.state === 'dead' ? (
          <button type="button" className="button-primary" disabled={busy} onClick={onResubmit}>
            {t('staff.panel.resubmit')}
          </button>
        ) : null}
        {row.state === 'retrying' || row.state === 'pending' ? (
          <button type="button" className="button-primary" disabled={busy} onClick={onRetry}>
            {t('staff.panel.retryNow')}
          </button>
        ) : null}
        <button type="button" className="button-secondary" disabled={busy} onClick={onReprint}>
          {t('staff.panel.reprint')}
        </button>
      </div>
    </li>
  );
}

export function StaffPanel({ onAuthLost, onAssistStarted }: { onAuthLost: () => void; onAssistStarted: () => void }) {
  const { client, devices } = useKiosk();
  const { t, pick, errorText, alarmText } = useI18n();
  const [outbox, setOutbox] = useState<StaffOutbox | null>(null);
  const [queue, setQueue] = useState<QueueToday | null>(null);
  const [assist, setAssist] = useState<AssistStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [typing, setTyping] = useState(false);
  const [code, setCode] = useState('');
  const alive = useRef(true);

  const fail = useCallback(
    (error: unknown) => {
      if (isKioskError(error) && error.code === 'auth.required') return onAuthLost();
      if (alive.current) setNotice({ kind: 'error', text: errorText(error, 'staff.panel.failed') });
    },
    [onAuthLost, errorText],
  );

  const refresh = useCallback(() => {
    client.call('staff.outbox', {}).then((o) => alive.current && setOutbox(o), fail);
    client.call('staff.queueToday', {}).then((q) => alive.current && setQueue(q), fail);
    client.call('staff.assist', { action: 'status' }).then((a) => alive.current && setAssist(a), fail);
  }, [client, fail]);

  useEffect(() => {
    alive.current = true;
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [refresh]);

  /** One action at a time; the outcome is spoken in the notice line, then the lists reload. */
  const act = <T,>(call: () => Promise<T>, ok: (result: T) => Notice) => {
    setBusy(true);
    setNotice({ kind: 'ok', text: t('staff.panel.working') });
    call()
      .then(
        (result) => alive.current && setNotice(ok(result)),
        (error: unknown) => fail(error),
      )
      .finally(() => {
        if (!alive.current) return;
        setBusy(false);
        refresh();
      });
  };

  const reprint = (dossierCode: string) =>
    act(
      () => client.call('staff.reprint', { code: dossierCode }),
      (r) =>
        r.print === 'printed'
          ? { kind: 'ok', text: t('staff.panel.reprintDone', { code: r.dossierCode, count: r.reprint }) }
          : { kind: 'error', text: t('staff.panel.reprintPending', { code: r.dossierCode, count: r.reprint, reason: r.message ? pick(r.message) : '' }) },
    );

  const startAssist = () => {
    setBusy(true);
    client.call('staff.assist', { action: 'start' }).then(
      (a) => {
        setBusy(false);
        setAssist(a);
        onAssistStarted();
      },
      (error: unknown) => {
        setBusy(false);
        fail(error);
      },
    );
  };

  const byKind = Object.fromEntries(Object.values(devices).map((d) => [d.kind, d]));
  const counts = outbox?.counts;
  const waiting = counts ? counts.pending + counts.retrying : 0;

  return (
    <section className="staff-main" aria-labelledby="staff-title">
      <div className="staff-main-head">
        <h1 id="staff-title" className="screen-title">
          {t('staff.panel.title')}
        </h1>
        <button type="button" className="button-secondary" onClick={refresh}>
          {t('staff.panel.refresh')}
        </button>
      </div>
      {outbox ? (
        <p className={`badge ${outbox.link === 'online' ? 'badge-ok' : 'badge-warn'}`} data-testid="staff-link">
          {t(`staff.panel.link.${outbox.link}`)}
        </p>
      ) : (
        <p>{t('staff.panel.loading')}</p>
      )}
      <p className={`staff-notice${notice?.kind === 'error' ? ' staff-notice-error' : ''}`} role="status" aria-live="polite" data-testid="staff-notice">
        {notice ? (typeof notice.text === 'string' ? notice.text : pick(notice.text)) : ''}
      </p>

      <section className="staff-card" aria-labelledby="outbox-title">
        <h2 id="outbox-title">{t('staff.panel.outboxTitle')}</h2>
        {counts ? (
          <dl className="outbox-counts" data-testid="outbox-counts">
            {(['dead', 'retrying', 'pending', 'deliveredToday'] as const).map((k) => (
              <div key={k} className={`outbox-count outbox-count-${k}${k === 'dead' && counts.dead > 0 ? ' outbox-count-alert' : ''}`} data-testid={`outbox-count-${k}`}>
                <dt>{t(`staff.panel.counts.${k}`)}</dt>
                <dd>{counts[k]}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {waiting > 0 ? (
          <div className="staff-actions">
            <button type="button" className="button-primary" disabled={busy} onClick={() => act(() => client.call('staff.retry', { all: true }), (r) => ({ kind: 'ok', text: r.message }))}>
              {t('staff.panel.retryAll')}
            </button>
          </div>
        ) : null}
        {outbox && outbox.rows.length === 0 ? <p>{t('staff.panel.noRows')}</p> : null}
        <ul className="outbox-rows">
          {outbox?.rows.map((row) => (
            <OutboxItem
              key={row.id}
              row={row}
              busy={busy}
              onResubmit={() => act(() => client.call('staff.resubmit', { id: row.id }), (r) => ({ kind: 'ok', text: r.message }))}
              onRetry={() => act(() => client.call('staff.retry', { id: row.id }), (r) => ({ kind: 'ok', text: r.message }))}
              onReprint={() => reprint(row.dossierCode)}
            />
          ))}
        </ul>
        {outbox && outbox.omitted > 0 ? <p>{t('staff.panel.omitted', { count: outbox.omitted })}</p> : null}
      </section>

      <section className="staff-card" aria-labelledby="assist-title">
        <h2 id="assist-title">{t('staff.panel.assistTitle')}</h2>
        {assist?.active ? (
          <>
            <p className="staff-strong" data-testid="assist-active">
              {assist.startedAt ? t('staff.panel.assistActive', { since: time(assist.startedAt) }) : t('staff.panel.assistBanner')}
            </p>
            {assist.lapsesAt ? <p>{t('staff.panel.assistLapses', { at: time(assist.lapsesAt) })}</p> : null}
            <div className="staff-actions">
              <button type="button" className="button-secondary" disabled={busy} onClick={() => act(() => client.call('staff.assist', { action: 'stop' }), () => null)}>
                {t('staff.panel.assistStop')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{t('staff.panel.assistHint')}</p>
            <div className="staff-actions">
              <button type="button" className="button-primary" disabled={busy} onClick={startAssist}>
                {t('staff.panel.assistStart')}
              </button>
            </div>
          </>
        )}
      </section>

      <section className="staff-card" aria-labelledby="reprint-title">
        <h2 id="reprint-title">{t('staff.panel.reprintTitle')}</h2>
        <p>{t('staff.panel.reprintHint')}</p>
        {typing ? (
          <div className="staff-reprint">
            <output className="code-display" aria-live="polite" data-testid="reprint-code">
              {code || ' '}
            </output>
            <VietKeyboard value={code} onChange={(v) => setCode(v.toUpperCase())} onEnter={() => code.trim().length >= 5 && !busy && reprint(code.trim())} enterLabel={t('staff.panel.reprintGo')} telex={false} maxLength={40} />
            <button type="button" className="button-secondary" onClick={() => setTyping(false)}>
              {t('staff.panel.reprintClose')}
            </button>
          </div>
        ) : (
          <div className="staff-actions">
            <button type="button" className="button-secondary" onClick={() => setTyping(true)}>
              {t('staff.panel.reprintOpen')}
            </button>
          </div>
        )}
      </section>

      <section className="staff-card" aria-labelledby="queue-title">
        <h2 id="queue-title">{t('staff.panel.queueTitle')}</h2>
        {queue ? (
          <>
            <table className="staff-table" data-testid="queue-today">
              <thead>
                <tr>
                  <th scope="col">{t('staff.panel.queueService')}</th>
                  <th scope="col">{t('staff.panel.queueIssued')}</th>
                  <th scope="col">{t('staff.panel.queueLast')}</th>
                  <th scope="col">{t('staff.panel.queueWaiting')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.services.map((s) => (
                  <tr key={s.code}>
                    <th scope="row">{pick(s.name)}</th>
                    <td>{s.issued}</td>
                    <td>{s.lastNumber ?? '—'}</td>
                    <td>{s.waiting}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{t('staff.panel.queueTotal', { count: queue.totalIssued })}</p>
          </>
        ) : (
          <p>{t('staff.panel.loading')}</p>
        )}
      </section>

      <section className="staff-card" aria-labelledby="devices-title">
        <h2 id="devices-title">{t('staff.panel.devicesTitle')}</h2>
        <ul className="tech-devices">
          {DEVICE_ORDER.filter((k) => byKind[k]).map((k) => {
            const d = byKind[k]!;
            return (
              <li key={d.id} className="tech-device">
                <div className="tech-device-head">
                  <h3 className="tech-device-name">{t(`staff.device.${d.kind}`)}</h3>
                  <span className={`tech-state tech-state-${d.state}`}>{t(`staff.state.${d.state}`)}</span>
                </div>
                {d.alarm ? <p className="tech-alarm">⚠ {alarmText(d.alarm)}</p> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
