// Runs in: renderer. Texts of the staff and technician modes (Vietnamese; technician results come
// from the engine in English, as technician messages do everywhere).
import type { DeviceKind, DeviceState, Role } from '../../../shared/contract';

export const ROLE_LABEL: Record<Role, string> = { staff: 'Cán bộ', technician: 'Kỹ thuật viên' };

export const DEVICE_LABEL: Record<DeviceKind, string> = {
  'card-reader': 'Đầu đọc thẻ CCCD',
  printer: 'Máy in phiếu',
  'document-scanner': 'Máy quét tài liệu',
  'qr-scanner': 'Máy quét mã QR',
};

export const STATE_LABEL: Record<DeviceState, string> = {
  ready: 'Sẵn sàng',
  busy: 'Đang bận',
  warning: 'Cần chú ý',
  alarm: 'Báo động',
  absent: 'Không kết nối',
  error: 'Lỗi',
};

export const T = {
  chooseRole: 'Chế độ dành cho cán bộ',
  close: 'Đóng',
  pinTitle: (role: Role) => `Nhập mã PIN ${ROLE_LABEL[role].toLowerCase()}`,
  pinEntered: (n: number) => `Đã nhập ${n} chữ số`,
  pinOk: 'Mở khoá',
  pinDelete: 'Xoá số cuối',
  pinChecking: 'Đang kiểm tra…',
  pinFailed: 'Không mở khoá được. Xin thử lại.',
  lock: 'Khoá',
  minimise: 'Thu nhỏ',
  reopen: 'Mở bảng',
  unlockedAs: (role: Role, until: string) => `Đang mở chế độ ${ROLE_LABEL[role].toLowerCase()} đến ${until}`,
  alarmsTitle: 'Cảnh báo thiết bị',
  noAlarms: 'Không có cảnh báo thiết bị.',
  technicianTitle: 'Kiểm tra thiết bị',
  test: 'Kiểm tra',
  testing: 'Đang kiểm tra…',
  testOk: 'Đạt',
  testFailed: 'Không đạt',
  configShow: 'Xem cấu hình đang dùng',
  configHide: 'Ẩn cấu hình',
  logsExport: 'Xuất nhật ký (đã ẩn dữ liệu cá nhân)',
  logsExported: (path: string, files: number) => `Đã lưu ${files} tệp nhật ký vào ${path}`,
  demoPins: 'Đang dùng mã PIN mẫu (chỉ có hiệu lực khi mọi thiết bị là mô phỏng).',
  staffTitle: 'Chế độ cán bộ',
  simulated: 'mô phỏng',
};
