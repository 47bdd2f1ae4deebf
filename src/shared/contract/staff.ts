// Runs in: every process. Staff mode: the dossier outbox (waiting, failed and retrying, rejected by
// the upstream) with retry and resubmit, receipt reprints, today's queue, and assisted mode.
// Every call answers `auth.required` unless the staff role is unlocked; the technician, who may do
// all staff can (AuthService.require), passes too. No reply carries a citizen's personal data: a
// reprint reads it inside the engine, and that read is written to the audit log.
import { z } from 'zod';
import { requestChannel } from './channel';
import { roleSchema } from './technician';
import { localizedTextSchema } from './text';

/**
 * pending: waiting for its first attempt; retrying: an attempt failed, the kiosk tries again by
 * itself; dead: the upstream refused it, it waits for staff; delivered: the upstream holds it.
 */
export const outboxRowStateSchema = z.enum(['pending', 'retrying', 'dead', 'delivered']);
export type OutboxRowState = z.infer<typeof outboxRowStateSchema>;

export const outboxRowSchema = z.object({
  /** Outbox row id: what staff.retry and staff.resubmit take. */
  id: z.number().int().positive(),
  dossierCode: z.string(),
  procedureName: localizedTextSchema,
  state: outboxRowStateSchema,
  attempts: z.number().int().nonnegative(),
  /** Technician-readable: the last error (`code: message`) or the upstream's rejection reason. */
  reason: z.string().nullable(),
  /** What the reason means for staff and what to do, in plain words (both languages). */
  advice: localizedTextSchema.nullable(),
  /** ISO 8601; pending and retrying rows only. */
  nextAttemptAt: z.string().nullable(),
  /** ISO 8601: when the citizen submitted the dossier. */
  submittedAt: z.string(),
  /** ISO 8601: delivered or dead-lettered at. */
  finishedAt: z.string().nullable(),
  /** 1 as submitted; higher for a later amendment of the same dossier. */
  version: z.number().int().positive(),
  /** Staff filled it in for the citizen (assisted mode; from the store's audit log). */
  assisted: z.boolean(),
});
export type OutboxRow = z.infer<typeof outboxRowSchema>;

export const staffOutboxSchema = z.object({
  counts: z.object({
    pending: z.number().int().nonnegative(),
    retrying: z.number().int().nonnegative(),
    dead: z.number().int().nonnegative(),
    /** Since 00:00 Asia/Ho_Chi_Minh. */
    deliveredToday: z.number().int().nonnegative(),
  }),
  /** The sync worker's view of the provincial system; not-configured: no upstream credentials. */
  link: z.enum(['online', 'offline', 'not-configured']),
  /** Rejected first, then retrying, waiting, and today's deliveries (newest first). */
  rows: z.array(outboxRowSchema),
  /** Rows not listed (beyond the list's limit). */
  omitted: z.number().int().nonnegative(),
  at: z.string(),
});
export type StaffOutbox = z.infer<typeof staffOutboxSchema>;

export const staffActionResultSchema = z.object({
  /** Rows put back in line for an attempt now. */
  rescheduled: z.number().int().nonnegative(),
  link: staffOutboxSchema.shape.link,
  /** What happens next, in plain words (both languages). */
  message: localizedTextSchema,
});
export type StaffActionResult = z.infer<typeof staffActionResultSchema>;

export const reprintResultSchema = z.object({
  dossierCode: z.string(),
  procedureName: localizedTextSchema,
  /** 1 for the first reprint of this dossier, 2 for the second… (printed on the ticket). */
  reprint: z.number().int().positive(),
  /** printed: the printer confirmed it; pending: queued (paper out…), prints on recovery. */
  print: z.enum(['printed', 'pending']),
  /** When pending: why, and that it follows by itself (both languages). */
  message: localizedTextSchema.optional(),
});
export type ReprintResult = z.infer<typeof reprintResultSchema>;

export const queueTodaySchema = z.object({
  /** YYYY-MM-DD, Asia/Ho_Chi_Minh. */
  day: z.string(),
  services: z.array(
    z.object({
      code: z.string(),
      name: localizedTextSchema,
      issued: z.number().int().nonnegative(),
      lastNumber: z.number().int().positive().nullable(),
      /** ISO 8601 of the last ticket issued today. */
      lastIssuedAt: z.string().nullable(),
      /** Issued today and not yet called at a desk. */
      waiting: z.number().int().nonnegative(),
    }),
  ),
  totalIssued: z.number().int().nonnegative(),
});
export type QueueToday = z.infer<typeof queueTodaySchema>;

export const assistStatusSchema = z.object({
  /** The current citizen session is an assisted one: its dossier is filed as submitted by staff. */
  active: z.boolean(),
  role: roleSchema.nullable(),
  startedAt: z.string().nullable(),
  /** Until the citizen's identity is read, assisted mode lapses at this time (ISO 8601). */
  lapsesAt: z.string().nullable(),
});
export type AssistStatus = z.infer<typeof assistStatusSchema>;

const dossierCode = z.string().trim().min(5).max(64).regex(/^[A-Za-z0-9.-]+$/);

export const staffRequests = {
  'staff.outbox': requestChannel(
    z.object({}).strict(),
    staffOutboxSchema,
    'Staff: outbox counts and rows (state, attempts, reason, next attempt), no personal data',
  ),
  'staff.retry': requestChannel(
    z.union([z.object({ id: z.number().int().positive() }).strict(), z.object({ all: z.literal(true) }).strict()]),
    staffActionResultSchema,
    'Staff: try one waiting/failed outbox row (or all of them) now instead of after its backoff',
  ),
  'staff.resubmit': requestChannel(
    z.object({ id: z.number().int().positive() }).strict(),
    staffActionResultSchema,
    'Staff: put a dossier the upstream rejected back in line (audited with the staff role)',
  ),
  'staff.reprint': requestChannel(
    z.object({ code: dossierCode }).strict(),
    reprintResultSchema,
    'Staff: reprint a dossier receipt, marked "BẢN IN LẠI" (reads personal data: audited)',
  ),
  'staff.queueToday': requestChannel(z.object({}).strict(), queueTodaySchema, "Staff: today's queue numbers per service"),
  'staff.assist': requestChannel(
    z.object({ action: z.enum(['start', 'stop', 'status']) }).strict(),
    assistStatusSchema,
    'Staff: start (a fresh citizen session whose dossier is filed as submitted by staff), stop or query assisted mode',
  ),
};
