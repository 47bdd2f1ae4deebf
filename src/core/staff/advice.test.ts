// Runs in: Node (vitest). Staff advice is chosen from the error code the sync worker stores with
// a failed attempt (`code: technician message`, src/core/sync/worker.ts).
import { describe, expect, it } from 'vitest';
import en from '../../../resources/i18n/en.json';
import vi from '../../../resources/i18n/vi.json';
import { errorCodeOf, OUTBOX_ADVICE, outboxAdvice } from './advice';
import { hcmDayStart } from './outbox-view';

// Vietnamese letters that English never uses (as in src/renderer/i18n/messages.test.ts).
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('outbox advice', () => {
  it('reads the error code the worker stores', () => {
    expect(errorCodeOf('upstream.server-error: /api/integration: HTTP 503 ')).toBe('upstream.server-error');
    expect(errorCodeOf('upstream.unreachable: POST /api/integration: ECONNRESET')).toBe('upstream.unreachable');
    expect(errorCodeOf('Thủ tục 1.000777 không có trong danh mục')).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
  });

  it('tells staff what to do in plain words, by state and cause', () => {
    const vi = (state: Parameters<typeof outboxAdvice>[0], reason: string | null) => outboxAdvice(state, reason)?.vi;
    expect(outboxAdvice('delivered', null)).toBeNull();
    expect(outboxAdvice('pending', null)).toBeNull();
    expect(vi('dead', 'Mã thủ tục không hợp lệ: x')).toContain('Gửi lại hồ sơ');
    expect(vi('retrying', 'upstream.unreachable: ECONNREFUSED')).toContain('Không kết nối được');
    expect(vi('retrying', 'upstream.server-error: HTTP 503')).toContain('quá tải');
    expect(vi('retrying', 'upstream.login-refused: upstream refused the kiosk credentials')).toContain('tài khoản kết nối');
    expect(vi('retrying', 'upstream.upload-stuck: no progress')).toContain('Tệp đính kèm');
    expect(vi('retrying', 'upstream.unexpected: TypeError: x')).toContain('báo kỹ thuật viên');
    // The same choice in English, for a staff member who switched the screen.
    expect(outboxAdvice('retrying', 'upstream.unreachable: ECONNREFUSED')?.en).toBe(
      "The province's one-stop system cannot be reached (no network, or the system is under maintenance). The kiosk sends it again by itself; nothing to do.",
    );
    expect(outboxAdvice('pending', 'upstream.auth: 401')?.en).toContain('ask a technician to check the account');
  });

  it('every built-in advice has its Vietnamese and a different, translated English', () => {
    const all = Object.entries(OUTBOX_ADVICE);
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const [name, text] of all) {
      expect(text.vi.trim(), name).not.toBe('');
      expect(text.vi, name).toBe(text.vi.normalize('NFC'));
      expect(text.vi, name).toMatch(VIETNAMESE);
      expect(text.en.trim(), name).not.toBe('');
      expect(text.en, name).not.toMatch(VIETNAMESE);
    }
    expect(new Set(all.map(([, t]) => t.en)).size).toBe(all.length);
    // The dead-letter advice names the button as the English panel labels it.
    expect(OUTBOX_ADVICE.dead.en).toContain(`"${en.staff.panel.resubmit}"`);
    expect(OUTBOX_ADVICE.dead.vi).toContain(`“${vi.staff.panel.resubmit}”`);
  });

  it("counts today from 00:00 in Ho Chi Minh City (UTC+7)", () => {
    // 23:30 on 23/11 in Hanoi is 16:30 UTC; the Hanoi day began at 17:00 UTC on 22/11.
    expect(new Date(hcmDayStart(Date.UTC(2026, 10, 23, 16, 30))).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    // 00:30 on 24/11 in Hanoi.
    expect(new Date(hcmDayStart(Date.UTC(2026, 10, 23, 17, 30))).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });
});
