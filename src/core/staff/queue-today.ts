// Runs in: Node (engine). Today's queue per service from the queue-number tables
// (src/core/tickets/queue-numbers.ts): how many numbers were issued, the last one and when, and
// how many are still waiting. Services configured but quiet today are listed with zeros.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { QueueToday } from '../../shared/contract/staff';
import { QUEUE_NUMBERS_DDL, vietnamDay } from '../tickets/queue-numbers';
import { serviceNameText, type ConfiguredName } from '../tickets/service-names';

export function queueToday(db: Database, services: ReadonlyArray<{ code: string; name: ConfiguredName }>, now: Date): QueueToday {
  // The tables appear with the first ticket; a kiosk that issued none yet still answers.
  db.exec(QUEUE_NUMBERS_DDL);
  const day = vietnamDay(now);
  const rows = db
    .prepare(
      `SELECT service_code AS code, COUNT(*) AS issued, MAX(number) AS last_number, MAX(issued_at) AS last_issued_at,
        SUM(CASE WHEN served_at IS NULL THEN 1 ELSE 0 END) AS waiting
      FROM queue_tickets WHERE day = ? GROUP BY service_code`,
    )
    .all(day) as Array<{ code: string; issued: number; last_number: number; last_issued_at: string; waiting: number }>;
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const list: QueueToday['services'] = services.map((s) => {
    const r = byCode.get(s.code);
    byCode.delete(s.code);
    return { code: s.code, name: serviceNameText(s.name), issued: r?.issued ?? 0, lastNumber: r?.last_number ?? null, lastIssuedAt: r?.last_issued_at ?? null, waiting: r?.waiting ?? 0 };
  });
  // A service removed from the config after issuing numbers today still shows what it issued.
  for (const r of byCode.values()) {
    list.push({ code: r.code, name: { vi: r.code, en: r.code }, issued: r.issued, lastNumber: r.last_number, lastIssuedAt: r.last_issued_at, waiting: r.waiting });
  }
  return { day, services: list, totalIssued: list.reduce((n, s) => n + s.issued, 0) };
}
