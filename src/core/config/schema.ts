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

export const documentScannerConfigSchema = z
  .object({
    driver: z.literal('sane').default('sane'),
    /** SANE device name; `test` = SANE's test backend. */
    device: z.string().default('test'),
    resolution: z.number().int().min(75).max(1200).default(300),
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
    simulate,
  })
  .strict();

const pinHash = z.string().regex(/^scrypt\$\d{1,8}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/, {
  message: 'expected a hash from `npx kiosk pin hash` (scrypt$N$r$p$salt$key), never the PIN itself',
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
        documentScanner: { driver: 'sane', device: 'test', resolution: 300, simulate: true },
      }),
    upstream: upstreamConfigSchema.default({ adapter: 'provincial-json', url: 'http://127.0.0.1:8790', simulate: true }),
    queue: z
      .object({
        /** Services a citizen can take a number for (code as the counters know it, Vietnamese name). */
        services: z
          .array(z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/), name: z.string().min(1) }).strict())
          .min(1),
      })
      .strict()
      .default({
        services: [
          { code: 'HT', name: 'Hộ tịch (khai sinh, khai tử, kết hôn)' },
          { code: 'CT', name: 'Cư trú (thường trú, tạm trú)' },
          { code: 'CTH', name: 'Chứng thực bản sao, chữ ký' },
          { code: 'DD', name: 'Đất đai, nhà ở' },
          { code: 'KD', name: 'Đăng ký kinh doanh' },
          { code: 'BHXH', name: 'Bảo hiểm xã hội, bảo hiểm y tế' },
        ],
      }),
    /** PIN hashes (`npx kiosk pin hash`), never PINs. Unset = demo PIN on a fully simulated kiosk, else locked. */
    staff: z.object({ pinHash: pinHash.optional() }).strict().default({}),
    technician: z.object({ pinHash: pinHash.optional() }).strict().default({}),
    host: z
      .object({
        /** 0 = any free port. The host always binds 127.0.0.1. */
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ port: 0 }),
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
