// Runs in: renderer. Texts of the staff panel (Vietnamese; messages about a call's outcome come
// from the engine, already in plain Vietnamese).
import type { OutboxRowState, StaffOutbox } from '../../../shared/contract';

export const LINK_LABEL: Record<StaffOutbox['link'], string> = {
  online: '✓ Đang kết nối hệ thống một cửa của tỉnh',
  offline: '⚠ Mất kết nối hệ thống một cửa của tỉnh — hồ sơ vẫn được lưu an toàn và sẽ tự gửi khi có mạng',
  'not-configured': '⚠ Máy chưa được cấu hình kết nối hệ thống của tỉnh — báo kỹ thuật viên',
};

/** Icon + words: colour is never the only signal. */
export const ROW_STATE_LABEL: Record<OutboxRowState, string> = {
  dead: '✕ Bị từ chối',
  retrying: '↻ Đang thử gửi lại',
  pending: '… Chờ gửi',
  delivered: '✓ Đã gửi',
};

export const S = {
  title: 'Chế độ cán bộ',
  loading: 'Đang tải…',
  refresh: 'Tải lại',
  assistTitle: 'Làm hồ sơ giúp công dân',
  assistHint: 'Cán bộ thao tác thay công dân trên máy. Hồ sơ nộp trong lượt này được ghi là “cán bộ hỗ trợ”. Lượt đang dở trên máy (nếu có) sẽ được xoá.',
  assistStart: 'Bắt đầu làm giúp công dân',
  assistActive: (since: string) => `Đang làm hồ sơ giúp công dân (từ ${since}).`,
  assistLapses: (at: string) => `Nếu chưa có công dân nào đọc thẻ, chế độ này tự tắt lúc ${at}.`,
  assistStop: 'Thôi làm giúp',
  assistBanner: 'Đang làm hồ sơ giúp công dân',
  outboxTitle: 'Hồ sơ gửi lên hệ thống của tỉnh',
  counts: { dead: 'Bị từ chối', retrying: 'Đang thử lại', pending: 'Chờ gửi', deliveredToday: 'Đã gửi hôm nay' },
  retryAll: 'Gửi tất cả ngay',
  noRows: 'Không có hồ sơ nào đang chờ gửi hay bị từ chối. Hôm nay chưa gửi hồ sơ nào.',
  omitted: (n: number) => `Còn ${n} hồ sơ nữa không hiện trong danh sách.`,
  submittedAt: (t: string) => `Nộp lúc ${t}`,
  finishedAt: (t: string) => `Gửi xong lúc ${t}`,
  deadAt: (t: string) => `Bị từ chối lúc ${t}`,
  nextAttempt: (t: string, attempts: number) => `Đã thử ${attempts} lần; lần tới lúc ${t}`,
  assistedTag: 'Cán bộ hỗ trợ',
  reasonLabel: 'Lý do (cho kỹ thuật viên):',
  resubmit: 'Gửi lại hồ sơ',
  retryNow: 'Thử gửi ngay',
  reprint: 'In lại giấy biên nhận',
  reprintTitle: 'In lại giấy biên nhận theo mã hồ sơ',
  reprintHint: 'Gõ mã hồ sơ in trên giấy biên nhận (ví dụ 000.00.00.H00-261123-0001), hoặc bấm “In lại giấy biên nhận” ở hồ sơ trong danh sách trên.',
  reprintOpen: 'Nhập mã hồ sơ để in lại',
  reprintClose: 'Ẩn bàn phím',
  reprintGo: 'In lại',
  reprintDone: (code: string, n: number) => `Đã in lại giấy biên nhận hồ sơ ${code} (bản in lại lần ${n}). Việc in lại đã được ghi vào nhật ký.`,
  reprintPending: (code: string, n: number, why: string) => `Bản in lại lần ${n} của hồ sơ ${code} chưa ra: ${why}`,
  queueTitle: 'Số thứ tự hôm nay',
  queueService: 'Dịch vụ',
  queueIssued: 'Đã cấp',
  queueLast: 'Số cuối',
  queueWaiting: 'Đang chờ',
  queueTotal: (n: number) => `Tổng cộng ${n} số đã cấp hôm nay.`,
  devicesTitle: 'Thiết bị',
  working: 'Đang thực hiện…',
  viewSwitch: 'Chọn trang',
  viewDevices: 'Thiết bị',
  viewStaff: 'Hồ sơ, in lại, hỗ trợ công dân',
  failed: 'Không thực hiện được. Xin thử lại.',
};
