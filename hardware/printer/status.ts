// Runs in: Node (engine). Pure. DLE EOT 1/2/4 replies -> printer condition, and the alarms staff
// see for each condition.
import { KioskError } from '../../src/shared/errors';

export interface PaperStatus {
  online: boolean;
  coverOpen: boolean;
  paperEnd: boolean;
  nearEnd: boolean;
  /** Mechanical/auto-cutter/unrecoverable error bit of DLE EOT 2. */
  error: boolean;
}

/** Every real-time status byte has bit 1 and bit 4 set and bits 0 and 7 clear. */
export const isStatusByte = (b: number): boolean => (b & 0x93) === 0x12;

export function decodeStatus(b1: number, b2: number, b4: number): PaperStatus {
  for (const [n, b] of [[1, b1], [2, b2], [4, b4]] as const) {
    if (!isStatusByte(b)) {
      throw new KioskError({
        code: 'printer.bad-status',
        technicianMessage: `DLE EOT ${n} answered 0x${b.toString(16).padStart(2, '0')}, not a status byte (wrong baud rate or not an ESC/POS printer?)`,
        citizenMessage: 'Máy in đang không hoạt động. Xin vui lòng báo cán bộ.',
        retryable: true,
      });
    }
  }
  return {
    online: (b1 & 0x08) === 0,
    coverOpen: (b2 & 0x04) !== 0,
    paperEnd: (b2 & 0x20) !== 0 || (b4 & 0x60) === 0x60,
    nearEnd: (b4 & 0x0c) === 0x0c,
    error: (b2 & 0x40) !== 0,
  };
}

export type PrinterAlarmCode = 'printer.paper-out' | 'printer.cover-open' | 'printer.paper-near-end' | 'printer.offline' | 'printer.error' | 'printer.job-uncertain';

export interface PrinterAlarm {
  code: PrinterAlarmCode;
  /** `alarm` needs a person now; `warning` soon. */
  severity: 'alarm' | 'warning';
  /** For centre staff, Vietnamese: what to do. */
  staffMessage: string;
  /** For the citizen at the screen, Vietnamese. */
  citizenMessage: string;
  /** For technicians, English: the cause. */
  technicianMessage: string;
  /** Set for job-scoped alarms. */
  jobId?: string;
  /** ISO 8601. */
  since: string;
}

const TEXTS: Record<PrinterAlarmCode, { severity: 'alarm' | 'warning'; staff: string; citizen: string; tech: string }> = {
  'printer.paper-out': {
    severity: 'alarm',
    staff: 'Máy in hết giấy. Vui lòng lắp cuộn giấy mới; phiếu đang in dở sẽ được in lại đúng một lần.',
    citizen: 'Máy in đang hết giấy. Cán bộ sẽ hỗ trợ trong giây lát, xin vui lòng chờ.',
    tech: 'paper end sensor reports no paper (DLE EOT 2/4)',
  },
  'printer.cover-open': {
    severity: 'alarm',
    staff: 'Nắp máy in đang mở. Vui lòng đóng nắp; phiếu đang in dở sẽ được in lại đúng một lần.',
    citizen: 'Máy in đang tạm dừng. Cán bộ sẽ hỗ trợ trong giây lát, xin vui lòng chờ.',
    tech: 'cover open (DLE EOT 2 bit 2)',
  },
  'printer.paper-near-end': {
    severity: 'warning',
    staff: 'Giấy in sắp hết. Vui lòng chuẩn bị cuộn giấy mới.',
    citizen: '',
    tech: 'paper near-end sensor (DLE EOT 4 bits 2-3)',
  },
  'printer.offline': {
    severity: 'alarm',
    staff: 'Máy in không kết nối được. Vui lòng kiểm tra nguồn điện và cáp máy in.',
    citizen: 'Máy in đang không hoạt động. Cán bộ sẽ hỗ trợ, xin vui lòng chờ.',
    tech: 'printer unreachable or not answering',
  },
  'printer.error': {
    severity: 'alarm',
    staff: 'Máy in báo lỗi (dao cắt hoặc cơ khí). Vui lòng tắt và bật lại máy in.',
    citizen: 'Máy in đang gặp sự cố. Cán bộ sẽ hỗ trợ, xin vui lòng chờ.',
    tech: 'printer error bit set (DLE EOT 2 bit 6)',
  },
  'printer.job-uncertain': {
    severity: 'warning',
    staff: 'Không xác định được một phiếu đã in xong hay chưa (máy tắt đột ngột). Vui lòng kiểm tra và chọn in lại nếu công dân chưa nhận được phiếu.',
    citizen: '',
    tech: 'kiosk stopped after the whole job was sent but before the printer confirmed it',
  },
};

export function makeAlarm(code: PrinterAlarmCode, extra: { detail?: string; jobId?: string; now?: Date } = {}): PrinterAlarm {
  const t = TEXTS[code];
  return {
    code,
    severity: t.severity,
    staffMessage: t.staff,
    citizenMessage: t.citizen,
    technicianMessage: extra.detail ? `${t.tech}: ${extra.detail}` : t.tech,
    ...(extra.jobId ? { jobId: extra.jobId } : {}),
    since: (extra.now ?? new Date()).toISOString(),
  };
}

/** The condition that stops printing, most urgent first; null when printing may proceed. */
export function blockingAlarm(s: PaperStatus): PrinterAlarmCode | null {
  if (s.coverOpen) return 'printer.cover-open';
  if (s.paperEnd) return 'printer.paper-out';
  if (s.error) return 'printer.error';
  if (!s.online) return 'printer.offline';
  return null;
}
