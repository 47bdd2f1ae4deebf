// Runs in: Node (engine). A fixed pool of tesseract.js workers (one per core by default: the
// LSTM is single-threaded per worker), fed from one queue. Models load from a local folder and
// the wasm core from node_modules (tesseract.js's Node worker resolves tesseract.js-core locally),
// so nothing is fetched from a CDN.
import { availableParallelism } from 'node:os';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { getLogger } from '../log';
import { KioskError } from '../../shared/errors';
import { resolveTessdataDir } from './tessdata';

const log = getLogger('ocr');

export { PSM };

export interface OcrPoolOptions {
  /** Tesseract language codes, e.g. ['vie'] or ['vie', 'eng']. */
  langs?: string[];
  /** Worker count; default the core count (capped at 4: each worker holds its model, ~30-60 MB). */
  size?: number;
  /** Folder with `<lang>.traineddata`; default resolved by resolveTessdataDir. */
  langPath?: string;
  /**
   * Writable folder for tesseract.js's model cache. Models are read from a local folder already,
   * so by default nothing is cached (a packaged app's working directory may be read-only).
   */
  cachePath?: string;
}

export interface OcrJobParams {
  psm?: PSM;
  /** tessedit_char_whitelist */
  whitelist?: string;
}

export interface OcrLine {
  text: string;
  /** 0..100, Tesseract's mean word confidence. */
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrPageResult {
  text: string;
  confidence: number;
  lines: OcrLine[];
}

interface Job {
  image: Buffer;
  params: OcrJobParams;
  resolve: (r: OcrPageResult) => void;
  reject: (e: KioskError) => void;
}

interface Slot {
  worker: Worker | undefined;
  starting: Promise<Worker> | undefined;
  busy: boolean;
  params: string;
}

export class OcrPool {
  readonly size: number;
  readonly langs: string[];
  private readonly langPath: string;
  private readonly cachePath: string | undefined;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(opts: OcrPoolOptions = {}) {
    this.langs = opts.langs ?? ['vie'];
    this.size = Math.max(1, opts.size ?? Math.min(4, availableParallelism()));
    this.langPath = resolveTessdataDir(this.langs, opts.langPath);
    this.cachePath = opts.cachePath;
    this.slots = Array.from({ length: this.size }, () => ({ worker: undefined, starting: undefined, busy: false, params: '' }));
  }

  /** Loads every worker now, so the first citizen does not wait for model loading. */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.workerFor(s)));
  }

  recognize(image: Buffer, params: OcrJobParams = {}): Promise<OcrPageResult> {
    if (this.closed) return Promise.reject(new KioskError({ code: 'ocr.closed', technicianMessage: 'OCR pool already terminated' }));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, params, resolve, reject });
      this.pump();
    });
  }

  async terminate(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new KioskError({ code: 'ocr.closed', technicianMessage: 'OCR pool terminated with jobs queued', retryable: true }));
    await Promise.all(
      this.slots.map(async (s) => {
        const w = s.worker ?? (await s.starting?.catch(() => undefined));
        s.worker = undefined;
        await w?.terminate();
      }),
    );
  }

  private async workerFor(slot: Slot): Promise<Worker> {
    if (slot.worker) return slot.worker;
    slot.starting ??= createWorker(this.langs, OEM.LSTM_ONLY, {
      langPath: this.langPath,
      gzip: false,
      ...(this.cachePath ? { cachePath: this.cachePath, cacheMethod: 'write' } : { cacheMethod: 'none' }),
      errorHandler: (e: unknown) => log.warn({ err: String(e) }, 'tesseract worker error'),
    }).then(
      (w) => {
        slot.worker = w;
        slot.starting = undefined;
        return w;
      },
      (err: unknown) => {
        slot.starting = undefined;
        throw new KioskError({ code: 'ocr.worker-failed', technicianMessage: `tesseract.js worker failed to start: ${String(err)}`, retryable: true, cause: err });
      },
    );
    return slot.starting;
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      void this.runJob(slot, job).finally(() => {
        slot.busy = false;
        this.pump();
      });
    }
  }

  private async runJob(slot: Slot, job: Job): Promise<void> {
    try {
      const worker = await this.workerFor(slot);
      const key = JSON.stringify(job.params);
      if (slot.params !== key) {
        await worker.setParameters({
          tessedit_pageseg_mode: job.params.psm ?? PSM.AUTO,
          tessedit_char_whitelist: job.params.whitelist ?? '',
          preserve_interword_spaces: '1',
          // Our images are scans of known size; without this Tesseract guesses (and prints warnings).
          user_defined_dpi: '300',
        });
        slot.params = key;
      }
      const { data } = await worker.recognize(job.image, {}, { text: true, blocks: true });
      const lines: OcrLine[] = [];
      for (const block of data.blocks ?? []) {
        for (const para of block.paragraphs) {
          for (const line of para.lines) {
            lines.push({ text: line.text.normalize('NFC').replace(/\s+$/, ''), confidence: line.confidence, bbox: line.bbox });
          }
        }
      }
      job.resolve({ text: data.text.normalize('NFC'), confidence: data.confidence, lines });
    } catch (err) {
      job.reject(
        err instanceof KioskError
          ? err
          : new KioskError({ code: 'ocr.failed', technicianMessage: `tesseract.js recognition failed: ${String(err)}`, retryable: true, cause: err }),
      );
    }
  }
}
