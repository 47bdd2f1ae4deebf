// Runs in: every process. The device vocabulary shared by drivers, engine and UI.
import { z } from 'zod';

export const deviceKindSchema = z.enum(['card-reader', 'qr-scanner', 'document-scanner', 'printer']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

export const deviceStateSchema = z.enum([
  'ready', // present and idle
  'busy', // reading, scanning, printing
  'warning', // works, but needs attention soon (paper near end)
  'alarm', // needs a person now (paper out, cover open)
  'absent', // not connected / not found
  'error', // present but failing
]);
export type DeviceState = z.infer<typeof deviceStateSchema>;

export const deviceStatusSchema = z.object({
  /** Config id, e.g. "card-reader". */
  id: z.string(),
  kind: deviceKindSchema,
  /** Driver name from the config: "pcsc", "escpos", "sane", "hid-pos", "serial", "keyboard-wedge". */
  driver: z.string(),
  /** Where it is attached: reader name, tty, URI. Never personal data. */
  port: z.string(),
  /** True when the driver talks to a simulator rather than a physical device. */
  simulated: z.boolean(),
  state: deviceStateSchema,
  /** For technicians: model, firmware, ATR, last error cause. */
  detail: z.string(),
  /** Set in alarm/warning/error: what staff should do, in Vietnamese. */
  alarm: z.object({ code: z.string(), message: z.string() }).optional(),
  /** ISO 8601. */
  updatedAt: z.string(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;
