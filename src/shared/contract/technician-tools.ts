// Runs in: every process. Device alarm notifications (config `alarms.notify`) and the technician's
// tools beyond the device tests: the engine-kept event list, config view/edit with validation, and
// the printer's darkness and cut. Nothing here carries personal data: alarms and events describe
// devices only.
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';
import { deviceKindSchema, deviceStateSchema } from './devices';

export const alarmChannelNameSchema = z.enum(['screen', 'sound', 'log', 'webhook']);
export type AlarmChannelName = z.infer<typeof alarmChannelNameSchema>;

export const alarmNoticeSchema = z.object({
  /** `raised` when a device starts needing a person, `cleared` when it no longer does. */
  event: z.enum(['raised', 'cleared']),
  /** Device id from the config ("printer"). */
  deviceId: z.string(),
  kind: deviceKindSchema,
  state: deviceStateSchema,
  /** Stable code, e.g. printer.paper-out. */
  code: z.string(),
  /** What staff should do, in Vietnamese. */
  message: z.string(),
  /** ISO 8601. */
  at: z.string(),
});
export type AlarmNotice = z.infer<typeof alarmNoticeSchema>;

export const alarmsActiveSchema = z.object({
  /** Channels selected in the config; the UI shows a banner / plays a chime only when listed. */
  notify: z.array(alarmChannelNameSchema),
  /** Alarms raised and not yet cleared, oldest first. */
  active: z.array(alarmNoticeSchema),
});
export type AlarmsActive = z.infer<typeof alarmsActiveSchema>;

export const technicianEventSchema = z.object({
  at: z.string(),
  deviceId: z.string(),
  kind: deviceKindSchema,
  /** `status`: a state/detail change; `alarm`: an alarm raised or cleared; `delivery`: a webhook attempt. */
  type: z.enum(['status', 'alarm', 'delivery']),
  state: deviceStateSchema,
  /** Technician text (English): the driver's detail, or the delivery result. */
  detail: z.string(),
  code: z.string().optional(),
});
export type TechnicianEvent = z.infer<typeof technicianEventSchema>;

export const printerSettingsSchema = z.object({
  /** -6..+6 steps of 5 %; null = the printer's own setting. */
  darkness: z.number().int().min(-6).max(6).nullable(),
  cut: z.enum(['full', 'partial', 'none']).nullable(),
});
export type PrinterSettings = z.infer<typeof printerSettingsSchema>;

export const configSourceSchema = z.object({
  /** Absolute path of the config file, or null when the kiosk runs on defaults (not editable). */
  file: z.string().nullable(),
  /** The file's text (or the defaults as YAML), PIN hashes shown as "(set)". */
  yaml: z.string(),
});

export const configSavedSchema = z.object({
  file: z.string(),
  /** Copy of the previous file, to undo by hand. */
  backup: z.string(),
  /** Applied at once (printer darkness/cut); everything else takes effect after a restart. */
  appliedNow: z.array(z.string()),
  restartRequired: z.boolean(),
});
export type ConfigSaved = z.infer<typeof configSavedSchema>;

export const scannerCalibrationSchema = z
  .object({
    marginMm: z.object({ top: z.number().min(0).max(50), right: z.number().min(0).max(50), bottom: z.number().min(0).max(50), left: z.number().min(0).max(50) }).strict(),
    deskew: z.boolean(),
    maxDeskewDeg: z.number().min(0.5).max(15),
    autoCrop: z.boolean(),
  })
  .strict();
export type ScannerCalibrationSettings = z.infer<typeof scannerCalibrationSchema>;

export const scanCalibrationResultSchema = z.object({
  /** The calibration in force after the call (the saved one, or the one tried). */
  calibration: scannerCalibrationSchema,
  /** Test scan as scanned and as calibrated: small PNG data URLs (absent when only reading). */
  before: z.string().startsWith('data:image/png;base64,').optional(),
  after: z.string().startsWith('data:image/png;base64,').optional(),
  figures: z.record(z.string(), z.union([z.number(), z.string()])),
  savedTo: z.string().nullable(),
});
export type ScanCalibrationResult = z.infer<typeof scanCalibrationResultSchema>;

export const alarmEvents = {
  'alarm.notice': eventChannel(alarmNoticeSchema, 'A device alarm was raised or cleared (sent when the config selects the screen or sound channel)'),
};

export const technicianToolRequests = {
  'alarms.active': requestChannel(z.object({}).strict(), alarmsActiveSchema, 'Device alarms not yet cleared, and the notification channels the config selects'),
  'technician.events': requestChannel(
    z.object({}).strict(),
    z.object({ events: z.array(technicianEventSchema) }),
    'Technician: the latest device events kept by the engine (status changes, alarms, webhook deliveries), newest first',
  ),
  'technician.configSource': requestChannel(z.object({}).strict(), configSourceSchema, 'Technician: the config file for editing (PIN hashes masked)'),
  'technician.configSave': requestChannel(
    z.object({ yaml: z.string().max(200_000) }).strict(),
    configSavedSchema,
    'Technician: validate and save the config file (atomic write, previous file kept as .bak); config.invalid names each bad key',
  ),
  'technician.scanCalibration': requestChannel(
    z.object({ calibration: scannerCalibrationSchema.optional(), scan: z.boolean().default(false), save: z.boolean().default(false) }).strict(),
    scanCalibrationResultSchema,
    'Technician: read the scanner calibration, try one on a test scan (before/after), and/or save it to the config file',
  ),
  'technician.printerSettings': requestChannel(
    printerSettingsSchema.partial().strict(),
    printerSettingsSchema.extend({ savedTo: z.string().nullable() }),
    'Technician: read (empty request) or change the printer darkness and cut; applied to the next ticket and saved to the config file',
  ),
};
