// Runs in: any process (pure). What an outbox row's error means for staff, in plain words, and what
// (if anything) they should do — in both of the kiosk's languages, since a staff member may have
// switched the screen to English. The raw reason stays next to it for the technician (English).
import type { OutboxRowState } from '../../shared/contract/staff';
import type { LocalizedText } from '../../shared/contract/text';

/** The sync worker stores `code: technician message` (src/core/sync/worker.ts markRetry). */
export function errorCodeOf(lastError: string | null): string | null {
  if (!lastError) return null;
  const m = /^([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+):/.exec(lastError);
  return m ? m[1]! : null;
}

const SELF_RETRY: LocalizedText = { vi: 'Máy tự gửi lại, không cần làm gì.', en: 'The kiosk sends it again by itself; nothing to do.' };
const selfRetry = (cause: LocalizedText): LocalizedText => ({ vi: `${cause.vi} ${SELF_RETRY.vi}`, en: `${cause.en} ${SELF_RETRY.en}` });

/** Every advice staff can be given, by the situation it answers. */
export const OUTBOX_ADVICE = {
  dead: {
    vi: 'Hệ thống một cửa của tỉnh không nhận hồ sơ này (lý do ở dưới). Xử lý xong nguyên nhân thì bấm “Gửi lại hồ sơ”; nếu chưa rõ, báo kỹ thuật viên.',
    en: 'The province\'s one-stop system did not accept this application (reason below). Once the cause is dealt with, press "Send the application again"; if it is unclear, tell a technician.',
  },
  unreachable: selfRetry({
    vi: 'Không kết nối được hệ thống một cửa của tỉnh (mất mạng hoặc hệ thống đang bảo trì).',
    en: 'The province\'s one-stop system cannot be reached (no network, or the system is under maintenance).',
  }),
  serverError: selfRetry({ vi: 'Hệ thống của tỉnh đang quá tải hoặc gặp sự cố.', en: 'The province\'s system is overloaded or has a fault.' }),
  credentials: {
    vi: 'Hệ thống của tỉnh không chấp nhận tài khoản kết nối của máy. Máy vẫn thử lại; xin báo kỹ thuật viên kiểm tra tài khoản.',
    en: 'The province\'s system does not accept this kiosk\'s connection account. The kiosk keeps trying; please ask a technician to check the account.',
  },
  upload: selfRetry({ vi: 'Tệp đính kèm chưa tải lên xong.', en: 'The attached files have not finished uploading.' }),
  malformed: {
    vi: 'Hệ thống của tỉnh trả lời không đúng quy ước. Máy tự gửi lại; nếu kéo dài, xin báo kỹ thuật viên.',
    en: 'The province\'s system answered in an unexpected way. The kiosk sends it again by itself; if this goes on, please tell a technician.',
  },
  other: {
    vi: 'Gửi hồ sơ chưa thành công. Máy tự gửi lại; nếu kéo dài, xin báo kỹ thuật viên.',
    en: 'The application has not been sent yet. The kiosk sends it again by itself; if this goes on, please tell a technician.',
  },
} satisfies Record<string, LocalizedText>;

export function outboxAdvice(state: OutboxRowState, reason: string | null): LocalizedText | null {
  if (state === 'delivered') return null;
  if (state === 'dead') return OUTBOX_ADVICE.dead;
  if (state === 'pending' && !reason) return null;
  const code = errorCodeOf(reason) ?? '';
  if (code === 'upstream.unreachable') return OUTBOX_ADVICE.unreachable;
  if (code === 'upstream.server-error') return OUTBOX_ADVICE.serverError;
  if (code === 'upstream.auth' || code === 'upstream.login-refused') return OUTBOX_ADVICE.credentials;
  if (code.startsWith('upstream.upload')) return OUTBOX_ADVICE.upload;
  if (code === 'upstream.malformed' || code === 'upstream.error') return OUTBOX_ADVICE.malformed;
  return OUTBOX_ADVICE.other;
}
