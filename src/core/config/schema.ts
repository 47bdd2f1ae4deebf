// Runs in: Node (engine, CLI). The one configuration file a technician edits. Defaults run every
// device on its simulator, so a fresh clone works with no file at all.
import { z } from 'zod';

const simulate = z
  .boolean()
  .default(true)
  .describe('true = `npm start` launches this device\'s simulator on the same OS interface');

/** Fault names of the virtual chip (hardware/simulators/card/faults.ts; a test keeps the two lists equal). */
export const SIMULATED_CARD_FAULTS = ['removed-mid-read', 'corrupt-mac', 'wrong-key', 'slow', 'small-reads', 'bad-hash'] as const;

export const cardReaderConfigSchema = z
  .object({
    driver: z.literal('pcsc').default('pcsc'),
    /** Substring of the PC/SC reader name; empty = first reader. */
    reader: z.string().default(''),
    simulate,
    /** Only with simulate: true — which sample chip `npm start` puts on the virtual reader, and its faults. */
    simulation: z
      .object({
        profile: z.enum(['cccd', 'passport', 'cccd-unknown-csca']).default('cccd'),
        faults: z
          .array(z.string().regex(new RegExp(`^(${SIMULATED_CARD_FAULTS.join('|')})(=\\d{1,9})?$`), `NAME or NAME=NUMBER; names: ${SIMULATED_CARD_FAULTS.join(', ')}`))
          .default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

export const qrScannerConfigSchema = z.discriminatedUnion('driver', [
  z
    .object({
      driver: z.literal('serial'),
      port: z.string().min(1).describe('tty path, e.g. /dev/ttyACM0'),
      baud: z.number().int().positive().default(9600),
      terminator: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
      simulate,
    })
    .strict(),
  z
    .object({
      driver: z.literal('hid-pos'),
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff),
      simulate: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      /** A scanner in USB keyboard mode, read from hidraw by vendor/product id (never "any keyboard"). */
      driver: z.literal('hid-keyboard'),
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff).optional(),
      simulate: z.boolean().default(false),
    })
    .strict(),
]);

/**
 * How scanned pages are trimmed and straightened (src/core/imaging honours it): the bed's edges
 * often show the lid or a shadow, and a deskew that "corrects" a deliberately tilted photo does
 * more harm than good.
 */
export const scannerCalibrationSchema = z
  .object({
    /** Millimetres cut off each edge of the bed before anything else. */
    marginMm: z
      .object({
        top: z.number().min(0).max(50).default(0),
        right: z.number().min(0).max(50).default(0),
        bottom: z.number().min(0).max(50).default(0),
        left: z.number().min(0).max(50).default(0),
      })
      .strict()
      .default({ top: 0, right: 0, bottom: 0, left: 0 }),
    /** Straighten pages at all. */
    deskew: z.boolean().default(true),
    /** Skew estimates beyond this many degrees are not corrected (a misreading or a deliberate tilt). */
    maxDeskewDeg: z.number().min(0.5).max(15).default(5),
    /** Crop to the document when it stands out from the bed. */
    autoCrop: z.boolean().default(true),
  })
  .strict();
export type ScannerCalibration = z.output<typeof scannerCalibrationSchema>;

export const documentScannerConfigSchema = z
  .object({
    driver: z.literal('sane').default('sane'),
    /** SANE device name; `test` = SANE's test backend. */
    device: z.string().default('test'),
    resolution: z.number().int().min(75).max(1200).default(300),
    /** Crop and deskew set by the technician from a test scan (absent = automatic crop and deskew). */
    calibration: scannerCalibrationSchema.optional(),
    /** A scan with no image data for this long is killed (a cold lamp may take ~45 s to warm up). */
    stallTimeoutS: z.number().int().min(5).max(600).default(60),
    simulate,
  })
  .strict();

const printerUri = z
  .string()
  .regex(/^(serial:\/dev\/[\w./-]+(\?baud=\d+)?|usblp:\/dev\/[\w./-]+|tcp:\/\/[\w.-]+:\d{1,5}|cups:[\w.-]+)$/, {
    message: 'expected a printer URI: serial:/dev/ttyUSB0?baud=115200, usblp:/dev/usb/lp0, tcp://host:9100 or cups:QUEUE',
  });

export const printerConfigSchema = z
  .object({
    driver: z.literal('escpos').default('escpos'),
    uri: printerUri.default('tcp://127.0.0.1:9100'),
    profile: z.enum(['58mm', '80mm']).default('80mm'),
    /** Print density in 5 % steps, -6 (70 %) … +6 (130 %); absent = the printer's own setting. */
    darkness: z.number().int().min(-6).max(6).optional(),
    /** How this model takes the density: Epson `GS ( K` (default) or `DC2 #` (many Chinese-made heads). */
    darknessCommand: z.enum(['gs-paren-K', 'dc2-hash']).optional(),
    /** Cut after each ticket; absent = what the profile's cutter does (80mm: partial, 58mm: none). */
    cut: z.enum(['full', 'partial', 'none']).optional(),
    simulate,
  })
  .strict();

export const upstreamConfigSchema = z
  .object({
    adapter: z.literal('provincial-json').default('provincial-json'),
    url: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8790'),
    /**
     * Where the credentials live — never the credentials themselves: `file:/etc/motcua-kiosk/upstream.json`
     * (root-only file) or `env:VARIABLE`.
     */
    credentialsRef: z
      .string()
      .regex(/^(file:\/.+|env:[A-Z_][A-Z0-9_]*)$/, { message: 'expected file:/absolute/path or env:VARIABLE' })
      .optional(),
    /**
     * Decree 13/2023: days after the provincial system confirmed receipt before the kiosk deletes a
     * dossier's personal data (its code, procedure and status timeline stay for progress lookup).
     * The upstream holds the record of authority; the kiosk is only a waypoint.
     */
    purgePersonalDataAfterDays: z.number().int().min(1).max(3650).default(30),
    /** How often the statuses of delivered, still-open dossiers are pulled (and pushed to an open progress screen). */
    statusPollSeconds: z.number().int().min(1).max(86_400).default(60),
    /**
     * Procedure codes this centre's provincial system uses, by form id (forms/<id>.yaml), where
     * the catalogue has no verified national code or the province uses its own: e.g.
     * `tro-cap-mai-tang: "1.001758"`. Sent as MaTTHC and printed on the receipt.
     */
    procedureCodes: z.record(z.string().regex(/^[a-z0-9-]{1,60}$/, { message: 'expected a form id (forms/<id>.yaml)' }), z.string().regex(/^[A-Za-z0-9.-]{3,40}$/, { message: 'expected a procedure code such as 1.001193' })).default({}),
    simulate,
  })
  .strict();

const pinHash = z.string().regex(/^scrypt\$\d{1,8}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/, {
  message: 'expected a hash from `npx kiosk pin hash` (scrypt$N$r$p$salt$key), never the PIN itself',
});

export const alarmChannelSchema = z.enum(['screen', 'sound', 'log', 'webhook']);

/**
 * How device alarms (paper out, cover open, device unplugged) reach a person: `screen` = the
 * staff/technician banner, `sound` = a chime from the kiosk's speakers, `log` = a log line,
 * `webhook` = an HTTP POST (JSON) to `webhook.url`, e.g. the centre's monitoring.
 */
export const alarmsConfigSchema = z
  .object({
    notify: z.array(alarmChannelSchema).default(['screen', 'sound', 'log']),
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        timeoutMs: z.number().int().min(500).max(60_000).default(5000),
        /**
         * Where the shared secret for signing lives (never the secret itself): `file:/path` (0600) or
         * `env:VARIABLE`. Set: each POST carries `x-kiosk-timestamp` and `x-kiosk-signature: sha256=`
         * HMAC-SHA256 of "<timestamp>.<body>", so the receiver can refuse forged or replayed alarms.
         */
        secretRef: z
          .string()
          .regex(/^(file:\/.+|env:[A-Z_][A-Z0-9_]*)$/, { message: 'expected file:/absolute/path or env:VARIABLE' })
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.notify.includes('webhook') && !a.webhook) ctx.addIssue({ code: 'custom', path: ['webhook'], message: 'notify lists "webhook" but no webhook.url is set' });
    if (new Set(a.notify).size !== a.notify.length) ctx.addIssue({ code: 'custom', path: ['notify'], message: 'a channel is listed twice' });
  });

export const kioskConfigSchema = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/).default('KIOSK-DEMO-01'),
    centre: z
      .object({
        name: z.string().min(1).default('Trung tâm Phục vụ hành chính công (mô phỏng)'),
        /** Administrative unit code used in dossier codes: `{unitCode}-{yyMMdd}-{NNNN}`. */
        unitCode: z.string().regex(/^[A-Za-z0-9.]{1,30}$/).default('000.00.00.H00'),
      })
      .strict()
      .default({ name: 'Trung tâm Phục vụ hành chính công (mô phỏng)', unitCode: '000.00.00.H00' }),
    language: z.enum(['vi', 'en']).default('vi'),
    /** Database, attachments, logs. Relative paths are resolved against the config file's folder. */
    dataDir: z.string().min(1).default('.kiosk-data'),
    devices: z
      .object({
        cardReader: cardReaderConfigSchema.optional(),
        qrScanner: qrScannerConfigSchema.optional(),
        documentScanner: documentScannerConfigSchema.optional(),
        printer: printerConfigSchema.optional(),
      })
      .strict()
      .default({
        cardReader: { driver: 'pcsc', reader: '', simulate: true },
        qrScanner: { driver: 'serial', port: '/dev/ttyACM0', baud: 9600, terminator: 'CR', simulate: true },
        printer: { driver: 'escpos', uri: 'tcp://127.0.0.1:9100', profile: '80mm', simulate: true },
        documentScanner: { driver: 'sane', device: 'test', resolution: 300, stallTimeoutS: 60, simulate: true },
      }),
    upstream: upstreamConfigSchema.default({ adapter: 'provincial-json', url: 'http://127.0.0.1:8790', purgePersonalDataAfterDays: 30, statusPollSeconds: 60, procedureCodes: {}, simulate: true }),
    queue: z
      .object({
        /**
         * Services a citizen can take a number for: code as the counters know it; name in Vietnamese
         * (printed on the ticket) and English (`{ vi, en }`), or a plain Vietnamese string, which the
         * English screen then shows as it is (src/core/tickets/service-names.ts).
         */
        services: z
          .array(
            z
              .object({
                code: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
                name: z.union([z.string().min(1), z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict()]),
              })
              .strict(),
          )
          .min(1),
      })
      .strict()
      .default({
        services: [
          { code: 'HT', name: { vi: 'Hộ tịch (khai sinh, khai tử, kết hôn)', en: 'Civil status (births, deaths, marriages)' } },
          { code: 'CT', name: { vi: 'Cư trú (thường trú, tạm trú)', en: 'Residence (permanent, temporary)' } },
          { code: 'CTH', name: { vi: 'Chứng thực bản sao, chữ ký', en: 'Certified copies and signatures' } },
          { code: 'DD', name: { vi: 'Đất đai, nhà ở', en: 'Land and housing' } },
          { code: 'KD', name: { vi: 'Đăng ký kinh doanh', en: 'Business registration' } },
          { code: 'BHXH', name: { vi: 'Bảo hiểm xã hội, bảo hiểm y tế', en: 'Social and health insurance' } },
        ],
      }),
    /** PIN hashes (`npx kiosk pin hash`), never PINs. Unset = demo PIN on a fully simulated kiosk, else locked. */
    staff: z.object({ pinHash: pinHash.optional() }).strict().default({}),
    technician: z.object({ pinHash: pinHash.optional() }).strict().default({}),
    /** Voice guidance: the offline espeak-ng voice is used when the browser has no Vietnamese voice. */
    speech: z
      .object({
        offlineVoice: z.boolean().default(true),
        /** espeak-ng accent: northern (vi), central or southern. */
        vietnameseVoice: z.enum(['vi', 'vi-vn-x-central', 'vi-vn-x-south']).default('vi'),
        wordsPerMinute: z.number().int().min(80).max(300).default(140),
      })
      .strict()
      .default({ offlineVoice: true, vietnameseVoice: 'vi', wordsPerMinute: 140 }),
    host: z
      .object({
        /** 0 = any free port. The host always binds 127.0.0.1. */
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ port: 0 }),
    alarms: alarmsConfigSchema.default({ notify: ['screen', 'sound', 'log'] }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
        maxSize: z.string().regex(/^\d+[KMG]$/).default('10M'),
        maxFiles: z.number().int().min(1).max(100).default(10),
      })
      .strict()
      .default({ level: 'info', maxSize: '10M', maxFiles: 10 }),
  })
  .strict();

export type KioskConfig = z.output<typeof kioskConfigSchema>;
export type KioskConfigInput = z.input<typeof kioskConfigSchema>;
