// Runs in: renderer. The staff panel: assisted mode, the dossier outbox (rejected, failing, waiting,
// delivered today) with resubmit / retry now / reprint, reprint by typed code, today's queue and
// the devices. It refreshes itself every few seconds while open; the engine checks the PIN grant
// on every call, and an `auth.required` answer closes the panel.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AssistStatus, DeviceKind, OutboxRow, QueueToday, StaffOutbox } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { VietKeyboard } from '../../components/keyboard/VietKeyboard';
import { useKiosk } from '../../kiosk-context';
import { LINK_LABEL, ROW_STATE_LABEL, S } from './panel-strings';
import { DEVICE_LABEL, STATE_LABEL } from './strings';
import './staff-panel.css';

const REFRESH_MS = 3000;
const DEVICE_ORDER: DeviceKind[] = ['printer', 'card-reader', 'qr-scanner', 'document-scanner'];

const time = (iso: string) => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
// vi-VN writes a day without its year as "23-11"; receipts and forms write 23/11.
const dateTime = (iso: string) => `${time(iso)} ngày ${dayMonth.format(new Date(iso))}`;

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function OutboxItem({ row, busy, onResubmit, onRetry, onReprint }: { row: OutboxRow; busy: boolean; onResubmit: () => void; onRetry: () => void; onReprint: () => void }) {
  return (
    <li className={`outbox-row outbox-row-${row.state}`} data-testid={`outbox-row-${row.dossierCode}`} data-state={row.state}>
      <div className="outbox-row-head">
        <span className={`outbox-state outbox-state-${row.state}`} data-testid="outbox-state">
          {ROW_STATE_LABEL[row.state]}
        </span>
        <span className="outbox-code dossier-code">{row.dossierCode}</span>
        {row.assisted ? <span className="outbox-tag">{S.assistedTag}</span> : null}
      </div>
      <p className="outbox-procedure">{row.procedureName}</p>
      <p className="outbox-when">
        {S.submittedAt(dateTime(row.submittedAt))}
        {row.state === 'delivered' && row.finishedAt ? ` · ${S.finishedAt(time(row.finishedAt))}` : null}
        {row.state === 'dead' && row.finishedAt ? ` · ${S.deadAt(dateTime(row.finishedAt))}` : null}
        {row.state === 'retrying' && row.nextAttemptAt ? ` · ${S.nextAttempt(time(row.nextAttemptAt), row.attempts)}` : null}
      </p>
      {row.advice ? <p className="outbox-advice">{row.advice}</p> : null}
      {row.reason ? (
        <p className="outbox-reason">
          {S.reasonLabel} <code>{row.reason}</code>
        </p>
      ) : null}
      <div className="outbox-actions">
        {row.state === 'dead' ? (
          <button type="button" className="button-primary" disabled={busy} onClick={onResubmit}>
            {S.resubmit}
          </button>
        ) : null}
        {row.state === 'retrying' || row.state === 'pending' ? (
          <button type="button" className="button-primary" disabled={busy} onClick={onRetry}>
            {S.retryNow}
          </button>
        ) : null}
        <button type="button" className="button-secondary" disabled={busy} onClick={onReprint}>
          {S.reprint}
        </button>
      </div>
    </li>
  );
}

export function StaffPanel({ onAuthLost, onAssistStarted }: { onAuthLost: () => void; onAssistStarted: () => void }) {
  const { client, devices } = useKiosk();
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
      if (alive.current) setNotice({ kind: 'error', text: isKioskError(error) ? (error.citizenMessage ?? S.failed) : S.failed });
    },
    [onAuthLost],
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
    setNotice({ kind: 'ok', text: S.working });
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
          ? { kind: 'ok', text: S.reprintDone(r.dossierCode, r.reprint) }
          : { kind: 'error', text: S.reprintPending(r.dossierCode, r.reprint, r.message ?? '') },
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
          {S.title}
        </h1>
        <button type="button" className="button-secondary" onClick={refresh}>
          {S.refresh}
        </button>
      </div>
      {outbox ? (
        <p className={`badge ${outbox.link === 'online' ? 'badge-ok' : 'badge-warn'}`} data-testid="staff-link">
          {LINK_LABEL[outbox.link]}
        </p>
      ) : (
        <p>{S.loading}</p>
      )}
      <p className={`staff-notice${notice?.kind === 'error' ? ' staff-notice-error' : ''}`} role="status" aria-live="polite" data-testid="staff-notice">
        {notice?.text ?? ''}
      </p>

      <section className="staff-card" aria-labelledby="outbox-title">
        <h2 id="outbox-title">{S.outboxTitle}</h2>
        {counts ? (
          <dl className="outbox-counts" data-testid="outbox-counts">
            {(['dead', 'retrying', 'pending', 'deliveredToday'] as const).map((k) => (
              <div key={k} className={`outbox-count outbox-count-${k}${k === 'dead' && counts.dead > 0 ? ' outbox-count-alert' : ''}`} data-testid={`outbox-count-${k}`}>
                <dt>{S.counts[k]}</dt>
                <dd>{counts[k]}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {waiting > 0 ? (
          <div className="staff-actions">
            <button type="button" className="button-primary" disabled={busy} onClick={() => act(() => client.call('staff.retry', { all: true }), (r) => ({ kind: 'ok', text: r.message }))}>
              {S.retryAll}
            </button>
          </div>
        ) : null}
        {outbox && outbox.rows.length === 0 ? <p>{S.noRows}</p> : null}
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
        {outbox && outbox.omitted > 0 ? <p>{S.omitted(outbox.omitted)}</p> : null}
      </section>

      <section className="staff-card" aria-labelledby="assist-title">
        <h2 id="assist-title">{S.assistTitle}</h2>
        {assist?.active ? (
          <>
            <p className="staff-strong" data-testid="assist-active">
              {assist.startedAt ? S.assistActive(time(assist.startedAt)) : S.assistBanner}
            </p>
            {assist.lapsesAt ? <p>{S.assistLapses(time(assist.lapsesAt))}</p> : null}
            <div className="staff-actions">
              <button type="button" className="button-secondary" disabled={busy} onClick={() => act(() => client.call('staff.assist', { action: 'stop' }), () => null)}>
                {S.assistStop}
              </button>
            </div>
          </>
        ) : (
          <>
            <p>{S.assistHint}</p>
            <div className="staff-actions">
              <button type="button" className="button-primary" disabled={busy} onClick={startAssist}>
                {S.assistStart}
              </button>
            </div>
          </>
        )}
      </section>

      <section className="staff-card" aria-labelledby="reprint-title">
        <h2 id="reprint-title">{S.reprintTitle}</h2>
        <p>{S.reprintHint}</p>
        {typing ? (
          <div className="staff-reprint">
            <output className="code-display" aria-live="polite" data-testid="reprint-code">
              {code || ' '}
            </output>
            <VietKeyboard value={code} onChange={(v) => setCode(v.toUpperCase())} onEnter={() => code.trim().length >= 5 && !busy && reprint(code.trim())} enterLabel={S.reprintGo} telex={false} maxLength={40} />
            <button type="button" className="button-secondary" onClick={() => setTyping(false)}>
              {S.reprintClose}
            </button>
          </div>
        ) : (
          <div className="staff-actions">
            <button type="button" className="button-secondary" onClick={() => setTyping(true)}>
              {S.reprintOpen}
            </button>
          </div>
        )}
      </section>

      <section className="staff-card" aria-labelledby="queue-title">
        <h2 id="queue-title">{S.queueTitle}</h2>
        {queue ? (
          <>
            <table className="staff-table" data-testid="queue-today">
              <thead>
                <tr>
                  <th scope="col">{S.queueService}</th>
                  <th scope="col">{S.queueIssued}</th>
                  <th scope="col">{S.queueLast}</th>
                  <th scope="col">{S.queueWaiting}</th>
                </tr>
              </thead>
              <tbody>
                {queue.services.map((s) => (
                  <tr key={s.code}>
                    <th scope="row">{s.name}</th>
                    <td>{s.issued}</td>
                    <td>{s.lastNumber ?? '—'}</td>
                    <td>{s.waiting}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p>{S.queueTotal(queue.totalIssued)}</p>
          </>
        ) : (
          <p>{S.loading}</p>
        )}
      </section>

      <section className="staff-card" aria-labelledby="devices-title">
        <h2 id="devices-title">{S.devicesTitle}</h2>
        <ul className="tech-devices">
          {DEVICE_ORDER.filter((k) => byKind[k]).map((k) => {
            const d = byKind[k]!;
            return (
              <li key={d.id} className="tech-device">
                <div className="tech-device-head">
                  <h3 className="tech-device-name">{DEVICE_LABEL[d.kind]}</h3>
                  <span className={`tech-state tech-state-${d.state}`}>{STATE_LABEL[d.state]}</span>
                </div>
                {d.alarm ? <p className="tech-alarm">⚠ {d.alarm.message}</p> : null}
              </li>
            );
          })}
        </ul>
      </section>
    </section>
  );
}
