// Runs in: any process (pure). Dossier status codes 1–10 (TrangThaiHoSo) shared with the upstream.
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

export function isDossierStatus(value: unknown): value is DossierStatus {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/** Statuses after which the upstream will not change the dossier again: stop polling. */
export function isFinalStatus(status: DossierStatus): boolean {
  return status === 3 || status === 7 || status === 10;
}
