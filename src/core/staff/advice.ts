// Runs in: any process (pure). What an outbox row's error means for staff, in plain Vietnamese,
// and what (if anything) they should do. The raw reason stays next to it for the technician.
import type { OutboxRowState } from '../../shared/contract/staff';

/** The sync worker stores `code: technician message` (src/core/sync/worker.ts markRetry). */
export function errorCodeOf(lastError: string | null): string | null {
  if (!lastError) return null;
  const m = /^([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+):/.exec(lastError);
  return m ? m[1]! : null;
}

const SELF_RETRY = 'Máy tự gửi lại, không cần làm gì.';

export function outboxAdvice(state: OutboxRowState, reason: string | null): string | null {
  if (state === 'delivered') return null;
  if (state === 'dead') {
    return 'Hệ thống một cửa của tỉnh không nhận hồ sơ này (lý do ở dưới). Xử lý xong nguyên nhân thì bấm “Gửi lại hồ sơ”; nếu chưa rõ, báo kỹ thuật viên.';
  }
  if (state === 'pending' && !reason) return null;
  const code = errorCodeOf(reason) ?? '';
  if (code === 'upstream.unreachable') return `Không kết nối được hệ thống một cửa của tỉnh (mất mạng hoặc hệ thống đang bảo trì). ${SELF_RETRY}`;
  if (code === 'upstream.server-error') return `Hệ thống của tỉnh đang quá tải hoặc gặp sự cố. ${SELF_RETRY}`;
  if (code === 'upstream.auth' || code === 'upstream.login-refused') {
    return 'Hệ thống của tỉnh không chấp nhận tài khoản kết nối của máy. Máy vẫn thử lại; xin báo kỹ thuật viên kiểm tra tài khoản.';
  }
  if (code.startsWith('upstream.upload')) return `Tệp đính kèm chưa tải lên xong. ${SELF_RETRY}`;
  if (code === 'upstream.malformed' || code === 'upstream.error') {
    return 'Hệ thống của tỉnh trả lời không đúng quy ước. Máy tự gửi lại; nếu kéo dài, xin báo kỹ thuật viên.';
  }
  return 'Gửi hồ sơ chưa thành công. Máy tự gửi lại; nếu kéo dài, xin báo kỹ thuật viên.';
}
