// Runs in: any process (pure). Dossier status codes 1–10 (TrangThaiHoSo) shared with the upstream.
import type { LocalizedText } from '../../shared/contract/text';

/** The official Vietnamese names (the upstream's and the receipt's words). */
export const DOSSIER_STATUS = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
} as const;

export type DossierStatus = keyof typeof DOSSIER_STATUS;

/** The same statuses for a citizen who switched the kiosk to English: plain words, not a legal translation. */
export const DOSSIER_STATUS_EN: Record<DossierStatus, string> = {
  1: 'Newly registered',
  2: 'Accepted',
  3: 'Not accepted',
  4: 'Being processed',
  5: 'More documents requested',
  6: 'Fees or charges to be paid',
  7: 'Withdrawn at the citizen\'s request',
  8: 'Processing stopped',
  9: 'Processing complete',
  10: 'Result handed over',
};

/** A status as the progress screen shows it, in both of the kiosk's languages. */
export function dossierStatusText(status: DossierStatus): LocalizedText {
  return { vi: DOSSIER_STATUS[status], en: DOSSIER_STATUS_EN[status] };
}

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/** Statuses after which the upstream will not change the dossier again: stop polling. */
export function isFinalStatus(status: DossierStatus): boolean {
  return status === 3 || status === 7 || status === 10;
}
