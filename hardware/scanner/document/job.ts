// Runs in: Node (engine). The parts of a scan job every backend shares (SANE today, WIA later): the
// ScanJob object callers hold, the no-progress watchdog, the rule that says whether a batch really
// finished, and the errors those produce. A backend only feeds it events from its OS interface.
import { KioskError } from '../../../src/shared/errors';
import type { ScanEvent, ScanJob, ScanRequest, ScanResult, ScannedPage } from './types';

/**
 * The ScanJob handed to callers. The backend adds pages as they complete and settles `result`
 * once; `cancel()` runs the backend's canceller (set when the device work starts).
 */
export class ScanJobControl implements ScanJob {
  readonly result: Promise<ScanResult>;
  private settle!: { resolve: (r: ScanResult) => void; reject: (e: KioskError) => void };
  private settled = false;
  cancelled = false;
  private readonly pages: ScannedPage[] = [];
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private canceller: (() => void) | undefined;

  constructor() {
    this.result = new Promise<ScanResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The caller may only ever look at pagesSoFar; an unobserved rejection must not kill the engine.
    this.result.catch(() => undefined);
  }

  static failed(error: KioskError): ScanJobControl {
    const job = new ScanJobControl();
    job.reject(error);
    return job;
  }

  get pagesSoFar(): readonly ScannedPage[] {
    return this.pages;
  }

  get done(): boolean {
    return this.settled;
  }

  onEvent(listener: (event: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cancel(): void {
    if (this.cancelled || this.settled) return;
    this.cancelled = true;
    this.canceller?.();
  }

  /** The backend's way to stop the device; run at once if cancel() came first. */
  setCanceller(fn: () => void): void {
    this.canceller = fn;
    if (this.cancelled) fn();
  }

  addPage(page: ScannedPage): void {
    this.pages.push(page);
    this.emit({ type: 'page-done', page: page.index, bytes: page.data.length });
  }

  emit(event: ScanEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A failing listener (UI bridge) must not stop the scan.
      }
    }
  }

  resolve(r: ScanResult): void {
    if (this.settled) return;
    this.settled = true;
    this.settle.resolve(r);
  }

  reject(e: KioskError): void {
    if (this.settled) return;
    this.settled = true;
    this.settle.reject(e);
  }
}

/**
 * Fires `onStall` when `progress()` has not been called for `timeoutMs`. A backend calls progress()
 * on real movement only (a new page, more image data), never on mere output: a device stuck
 * answering "busy" keeps a frontend chatty without ever delivering a line of the image.
 */
export class StallWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private last = performance.now();

  constructor(
    readonly timeoutMs: number,
    private readonly onStall: (silentMs: number) => void,
  ) {
    this.timer = setTimeout(() => this.fire(), timeoutMs);
  }

  progress(): void {
    this.last = performance.now();
    // refresh() restarts the same timer: cheap enough to call on every progress line.
    this.timer?.refresh();
  }

  /** Re-arms with a different limit from now on (e.g. a short one once only shutdown is left). */
  restart(timeoutMs: number): void {
    this.last = performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), timeoutMs);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    if (!this.timer) return;
    this.timer = undefined;
    this.onStall(performance.now() - this.last);
  }
}

/** What the device said about the end of the batch. */
export interface BatchEnd {
  /** The feeder reported it was empty (SANE_STATUS_NO_DOCS, WIA_ERROR_PAPER_EMPTY). */
  feederEmpty: boolean;
}

/**
 * Did the batch end the way the request asked? Exit codes cannot say: scanimage exits 0 when its
 * link to a network scanner breaks mid-feed (its SIGPIPE handler calls _exit(0)), and a WIA
 * transfer can end early without an error. Only the pages in hand against the request can.
 */
export function batchComplete(request: Pick<ScanRequest, 'source' | 'maxPages'>, pages: number, end: BatchEnd): boolean {
  if (pages === 0) return false;
  if (request.source === 'flatbed') return pages === 1;
  if (request.maxPages !== undefined && pages >= request.maxPages) return true;
  // A feeder run ends when it runs empty, whether or not a page limit was set.
  return end.feederEmpty;
}

const keptNote = (pages: number) => (pages > 0 ? ` ${pages} trang đã quét vẫn được giữ lại.` : '');

/** "What happened. What to do." → "What happened. What was kept. What to do." */
function afterFirstSentence(message: string, note: string): string {
  const i = message.indexOf('. ');
  return i < 0 ? `${message}${note}` : `${message.slice(0, i + 1)}${note}${message.slice(i + 1)}`;
}

/** The watchdog's verdict: the device stopped delivering and the transfer was killed. */
export function stalledError(device: string, silentMs: number, where: string, pagesKept: number): KioskError {
  return new KioskError({
    code: 'scanner.stalled',
    technicianMessage: `scanner ${device}: no progress for ${Math.round(silentMs / 1000)} s (${where}); the transfer was killed. The device or its driver stopped answering (busy loop, USB or network stall): power-cycle or replug it if this repeats. ${pagesKept} complete page(s) kept`,
    citizenMessage: `Máy quét không phản hồi.${keptNote(pagesKept)} Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.`,
    retryable: true,
  });
}

/** The citizen's part of an error raised mid-batch, told which pages survived. */
export function withPagesKept(e: KioskError, pagesKept: number): KioskError {
  if (pagesKept === 0) return e;
  return new KioskError({
    code: e.code,
    technicianMessage: `${e.technicianMessage}; ${pagesKept} complete page(s) kept`,
    citizenMessage: afterFirstSentence(e.citizenMessage, keptNote(pagesKept)),
    retryable: e.retryable,
    cause: e,
  });
}

/**
 * The device went away mid-batch (unplugged, powered off, network scanner gone). Retryable: once it
 * is back, the citizen scans the remaining sheets and keeps the pages already in hand.
 */
export function vanishedError(device: string, cause: KioskError, pagesKept: number): KioskError {
  return new KioskError({
    code: 'scanner.io',
    technicianMessage: `scanner ${device}: the device disappeared mid-batch (no longer listed by the OS) after: ${cause.technicianMessage}`,
    citizenMessage: `Máy quét bị mất kết nối.${keptNote(pagesKept)} Xin vui lòng thử lại hoặc nhờ cán bộ kiểm tra máy.`,
    retryable: true,
    cause,
  });
}
