// Runs in: Node (engine). Queue numbers per service per day (the Asia/Ho_Chi_Minh calendar day).
// Each number is committed to SQLite before it is returned, so after any crash the counter is at
// least as high as anything a citizen holds: numbers are monotonic and never reused in a day.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { KioskError } from '../../shared/errors';

export const QUEUE_NUMBERS_DDL = `
CREATE TABLE IF NOT EXISTS queue_counters (
  service_code TEXT NOT NULL,
  day          TEXT NOT NULL,
  last_number  INTEGER NOT NULL,
  PRIMARY KEY (service_code, day)
);
CREATE TABLE IF NOT EXISTS queue_tickets (
  service_code TEXT NOT NULL,
  day          TEXT NOT NULL,
  number       INTEGER NOT NULL,
  issued_at    TEXT NOT NULL,
  served_at    TEXT,
  PRIMARY KEY (service_code, day, number)
);
`;

export interface QueueTicketNumber {
  serviceCode: string;
  /** 1, 2, 3… restarting each Vietnam calendar day. */
  number: number;
  /** ISO 8601 UTC. */
  issuedAt: string;
  /** YYYY-MM-DD in Asia/Ho_Chi_Minh. */
  day: string;
  /** Tickets of this service issued earlier today and not yet served. */
  waitingAhead: number;
}

export interface QueueNumbers {
  next(serviceCode: string): QueueTicketNumber;
  /** The desk called this number: it no longer counts as waiting. */
  markServed(serviceCode: string, number: number, day?: string): void;
  waiting(serviceCode: string, day?: string): number;
}

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
export const vietnamDay = (d: Date): string => dayFormat.format(d);

const SERVICE = /^[A-Za-z0-9_-]{1,16}$/;

function checkService(code: string): void {
  if (!SERVICE.test(code)) {
    throw new KioskError({ code: 'queue.bad-service', technicianMessage: `service code must match ${SERVICE}`, citizenMessage: 'Dịch vụ không hợp lệ. Xin vui lòng chọn lại.' });
  }
}

export function openQueueNumbers(db: Database, opts: { now?: () => Date } = {}): QueueNumbers {
  db.exec(QUEUE_NUMBERS_DDL);
  const now = opts.now ?? (() => new Date());
  const bump = db.prepare(
    `INSERT INTO queue_counters (service_code, day, last_number) VALUES (?, ?, 1)
     ON CONFLICT (service_code, day) DO UPDATE SET last_number = last_number + 1
     RETURNING last_number`,
  );
  const insertTicket = db.prepare('INSERT INTO queue_tickets (service_code, day, number, issued_at) VALUES (?, ?, ?, ?)');
  const countWaiting = db.prepare('SELECT COUNT(*) AS n FROM queue_tickets WHERE service_code = ? AND day = ? AND served_at IS NULL AND number < ?');
  const countAll = db.prepare('SELECT COUNT(*) AS n FROM queue_tickets WHERE service_code = ? AND day = ? AND served_at IS NULL');
  const served = db.prepare('UPDATE queue_tickets SET served_at = ? WHERE service_code = ? AND day = ? AND number = ?');
  const issue = db.transaction((service: string): QueueTicketNumber => {
    const t = now();
    const day = vietnamDay(t);
    const { last_number: number } = bump.get(service, day) as { last_number: number };
    const issuedAt = t.toISOString();
    insertTicket.run(service, day, number, issuedAt);
    const { n } = countWaiting.get(service, day, number) as { n: number };
    return { serviceCode: service, number, issuedAt, day, waitingAhead: n };
  });
  return {
    next(serviceCode) {
      checkService(serviceCode);
      // IMMEDIATE: take the write lock first, so two kiosk processes sharing the file serialise.
      return issue.immediate(serviceCode);
    },
    markServed(serviceCode, number, day) {
      checkService(serviceCode);
      served.run(now().toISOString(), serviceCode, day ?? vietnamDay(now()), number);
    },
    waiting(serviceCode, day) {
      checkService(serviceCode);
      return (countAll.get(serviceCode, day ?? vietnamDay(now())) as { n: number }).n;
    },
  };
}
