// Runs in: every process. Staff and technician modes: unlocking with a PIN, and the technician's
// device tests and logs export. Privileged calls answer `auth.required` unless the engine holds an
// unlocked, unexpired role; device alarms themselves travel as `device.status` events.
import { z } from 'zod';
import { requestChannel } from './channel';
import { deviceKindSchema } from './devices';

export const roleSchema = z.enum(['staff', 'technician']);
export type Role = z.infer<typeof roleSchema>;

export const authGrantSchema = z.object({
  ok: z.literal(true),
  role: roleSchema,
  /** ISO 8601: the engine locks itself then; the UI closes the mode at the same moment. */
  expiresAt: z.string(),
});
export type AuthGrant = z.infer<typeof authGrantSchema>;

export const authStatusSchema = z.object({
  role: roleSchema.nullable(),
  expiresAt: z.string().nullable(),
  /** Roles that can be unlocked on this kiosk (a configured hash, or the demo PIN on a fully simulated kiosk). */
  available: z.array(roleSchema),
  /** True while only the demo PINs are in force. */
  demoPins: z.boolean(),
});
export type AuthStatus = z.infer<typeof authStatusSchema>;

export const deviceTestResultSchema = z.object({
  device: deviceKindSchema,
  ok: z.boolean(),
  /** For the technician, English: what was checked and what came back. */
  detail: z.string(),
  /** Measured values: timings in ms, ATR, paper state, pixel size. */
  figures: z.record(z.string(), z.union([z.number(), z.string()])),
  /** Document scanner: a small PNG of the test scan as a data URL. */
  thumbnail: z.string().startsWith('data:image/png;base64,').optional(),
  durationMs: z.number().nonnegative(),
  testedAt: z.string(),
});
export type DeviceTestResult = z.infer<typeof deviceTestResultSchema>;

export const logsExportSchema = z.object({
  /** Absolute path of the .tar.gz in the kiosk's data folder. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
});
export type LogsExport = z.infer<typeof logsExportSchema>;

export const technicianRequests = {
  'auth.unlock': requestChannel(
    z.object({ role: roleSchema, pin: z.string().regex(/^\d{4,12}$/) }).strict(),
    authGrantSchema,
    'Unlock the staff or technician mode with its PIN (auth.wrong-pin says how many tries remain; auth.locked-out after too many)',
  ),
  'auth.lock': requestChannel(z.object({}).strict(), z.object({ locked: z.boolean() }), 'Leave the staff/technician mode now'),
  'auth.status': requestChannel(z.object({}).strict(), authStatusSchema, 'Which role is unlocked, and which roles can be'),
  'technician.deviceTest': requestChannel(
    z.object({ device: deviceKindSchema }).strict(),
    deviceTestResultSchema,
    'Technician: self-test one device (reader + ATR, test page, low-dpi scan, QR scanner state)',
  ),
  'technician.config': requestChannel(
    z.object({}).strict(),
    z.object({ yaml: z.string() }),
    'Technician: the effective configuration as YAML (PIN hashes masked)',
  ),
  'technician.logsExport': requestChannel(z.object({}).strict(), logsExportSchema, 'Technician: pack the redacted logs into a .tar.gz in the data folder'),
};
