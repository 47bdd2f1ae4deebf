// Runs in: Node (vitest). Staff advice is chosen from the error code the sync worker stores with
// a failed attempt (`code: technician message`, src/core/sync/worker.ts).
import { describe, expect, it } from 'vitest';
import { errorCodeOf, outboxAdvice } from './advice';
import { hcmDayStart } from './outbox-view';

describe('outbox advice', () => {
  it('reads the error code the worker stores', () => {
    expect(errorCodeOf('upstream.server-error: /api/integration: HTTP 503 ')).toBe('upstream.server-error');
    expect(errorCodeOf('upstream.unreachable: POST /api/integration: ECONNRESET')).toBe('upstream.unreachable');
    expect(errorCodeOf('Thủ tục 1.000777 không có trong danh mục')).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
  });

  it('tells staff what to do in plain Vietnamese, by state and cause', () => {
    expect(outboxAdvice('delivered', null)).toBeNull();
    expect(outboxAdvice('pending', null)).toBeNull();
    expect(outboxAdvice('dead', 'Mã thủ tục không hợp lệ: x')).toContain('Gửi lại hồ sơ');
    expect(outboxAdvice('retrying', 'upstream.unreachable: ECONNREFUSED')).toContain('Không kết nối được');
    expect(outboxAdvice('retrying', 'upstream.server-error: HTTP 503')).toContain('quá tải');
    expect(outboxAdvice('retrying', 'upstream.login-refused: upstream refused the kiosk credentials')).toContain('tài khoản kết nối');
    expect(outboxAdvice('retrying', 'upstream.upload-stuck: no progress')).toContain('Tệp đính kèm');
    expect(outboxAdvice('retrying', 'upstream.unexpected: TypeError: x')).toContain('báo kỹ thuật viên');
  });

  it("counts today from 00:00 in Ho Chi Minh City (UTC+7)", () => {
    // 23:30 on 23/11 in Hanoi is 16:30 UTC; the Hanoi day began at 17:00 UTC on 22/11.
    expect(new Date(hcmDayStart(Date.UTC(2026, 10, 23, 16, 30))).toISOString()).toBe('2026-11-22T17:00:00.000Z');
    // 00:30 on 24/11 in Hanoi.
    expect(new Date(hcmDayStart(Date.UTC(2026, 10, 23, 17, 30))).toISOString()).toBe('2026-11-23T17:00:00.000Z');
  });
});
