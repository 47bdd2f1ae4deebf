// Runs in: Node (tests). The backend-neutral scan-job rules: when a batch counts as finished, and
// how errors tell the citizen which pages survived. The watchdog itself is exercised against real
// scanimage in tests/integration/scan-faults.test.ts.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { batchComplete, ScanJobControl, StallWatchdog, stalledError, vanishedError, withPagesKept } from './job';

describe('scan job rules', () => {
  it('judges a batch by the pages in hand against the request, not by an exit code', () => {
    expect(batchComplete({ source: 'flatbed' }, 1, { feederEmpty: false })).toBe(true);
    expect(batchComplete({ source: 'flatbed' }, 0, { feederEmpty: false })).toBe(false);
    expect(batchComplete({ source: 'adf', maxPages: 3 }, 3, { feederEmpty: false })).toBe(true);
    // scanimage exits 0 when a network scanner's link breaks between sheets: 2 of 5 is not done.
    expect(batchComplete({ source: 'adf', maxPages: 5 }, 2, { feederEmpty: false })).toBe(false);
    expect(batchComplete({ source: 'adf', maxPages: 5 }, 2, { feederEmpty: true })).toBe(true);
    expect(batchComplete({ source: 'adf' }, 7, { feederEmpty: true })).toBe(true);
    expect(batchComplete({ source: 'adf' }, 7, { feederEmpty: false })).toBe(false);
    expect(batchComplete({ source: 'adf' }, 0, { feederEmpty: true })).toBe(false);
  });

  it('names the kept pages in the citizen message, between what happened and what to do', () => {
    const jam = new KioskError({ code: 'scanner.jammed', technicianMessage: 'paper jammed', citizenMessage: 'Giấy bị kẹt trong máy quét. Xin vui lòng nhờ cán bộ hỗ trợ.', retryable: true });
    const e = withPagesKept(jam, 3);
    expect(e.code).toBe('scanner.jammed');
    expect(e.retryable).toBe(true);
    expect(e.citizenMessage).toBe('Giấy bị kẹt trong máy quét. 3 trang đã quét vẫn được giữ lại. Xin vui lòng nhờ cán bộ hỗ trợ.');
    expect(e.technicianMessage).toBe('paper jammed; 3 complete page(s) kept');
    expect(withPagesKept(jam, 0)).toBe(jam);
    expect(stalledError('test:0', 61_000, 'page 2 at 40%', 0).citizenMessage).toBe('Máy quét không phản hồi. Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.');
    const gone = vanishedError('net:h:test:0', stalledError('net:h:test:0', 5000, 'page 3 at 20%', 2), 2);
    expect(gone).toMatchObject({ code: 'scanner.io', retryable: true, citizenMessage: 'Máy quét bị mất kết nối. 2 trang đã quét vẫn được giữ lại. Xin vui lòng thử lại hoặc nhờ cán bộ kiểm tra máy.' });
  });

  it('a job settles once, and a throwing listener does not stop it', async () => {
    const job = new ScanJobControl();
    let cancelled = 0;
    job.onEvent(() => {
      throw new Error('UI bridge gone');
    });
    job.addPage({ index: 1, format: 'png', data: Buffer.from('x') });
    job.cancel();
    job.setCanceller(() => cancelled++);
    expect(cancelled).toBe(1);
    job.reject(new KioskError({ code: 'scanner.cancelled', technicianMessage: 'cancelled' }));
    job.resolve({ pages: [], feederEmpty: false });
    await expect(job.result).rejects.toMatchObject({ code: 'scanner.cancelled' });
    expect(job.pagesSoFar).toHaveLength(1);
    expect(job.done).toBe(true);
  });

  it('the watchdog fires once when progress stops, never after stop()', async () => {
    let fired = 0;
    const w = new StallWatchdog(20, () => fired++);
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).toBe(1);
    const quiet = new StallWatchdog(20, () => fired++);
    quiet.stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(fired).toBe(1);
    w.stop();
  });
});
