// Runs in: Node (engine). The documents step of the procedure journey: which papers the draft
// needs now, scanning each on the kiosk's document scanner, previews, rescan/remove, and the files
// handed to the dossier at submit. Scanned pages live only in the citizen session, so ending the
// session (card out, timeout, finish) wipes them with everything else.
import type { DocumentScanner, ScanSource, ScannerCapabilities, ScannedPage } from '../../../hardware/scanner/document/types';
import {
  DOCUMENT_ERROR_MESSAGES,
  type DocumentErrorCode,
  type DocumentScanStage,
  type DocumentState,
  type DocumentsView,
} from '../../shared/contract/documents';
import type { LocalizedText } from '../../shared/contract/text';
import { KioskError, isKioskError, toKioskError } from '../../shared/errors';
import type { ScannerCalibration } from '../config/schema';
import type { AttachmentInput } from '../dossiers/store';
import type { EventBus } from '../events';
import { requiredDocuments, type Catalogue, type Draft } from '../forms';
import type { Document } from '../forms/schema';
import { getLogger } from '../log';
import type { CitizenSession } from '../session/session';
import { processScannedPage } from './page';
import { pagesToPdf } from './pdf';

const log = getLogger('documents');

const SCANS_KEY = 'document-scans';
/** Most pages one paper may have: a household book is ~12; more is a mistake or a stuck feeder. */
export const MAX_PAGES = 20;

/** One page as filed: the compressed image and the preview the citizen judged it by. */
interface StoredPage {
  data: Buffer;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  dpi: number;
  /** JPEG preview bytes (kept as bytes so the session wipe zeroes them). */
  preview: Buffer;
  previewWidth: number;
  previewHeight: number;
}

/**
 * Session-held scans. Plain objects and arrays only: the session wipe walks Object.values and
 * zeroes every Buffer it reaches, which a Map would hide from it.
 */
interface ScansState {
  /** The draft these scans belong to: a new draft (another procedure, a restart) starts empty. */
  draftKey: string;
  docs: Record<string, { pages: StoredPage[] }>;
}

/** What the documents step needs to know about the journey in progress. */
export interface CurrentDraft {
  draft: Draft;
  submitted: boolean;
}

export interface DocumentServiceDeps {
  session: CitizenSession;
  bus: EventBus;
  catalogue: () => Catalogue;
  /** The session's draft, or undefined when no procedure is in progress. */
  draft: () => CurrentDraft | undefined;
  scanner: () => DocumentScanner | undefined;
  /** Scan resolution from the config (dpi); clamped to what the device offers. */
  resolution: number;
  /** Backend options for every scan (SANE's test device: a picture that is not blank). */
  backendOptions?: Record<string, string>;
  maxPages?: number;
  /** Crop/deskew set by the technician (config devices.documentScanner.calibration); absent = defaults. */
  calibration?: ScannerCalibration;
}

/** One paper in the step: the declaration merged over the members of a group. */
interface Needed {
  document: Document;
  required: boolean;
}

function docError(code: DocumentErrorCode, technicianMessage: string, retryable = false, cause?: unknown): KioskError {
  return new KioskError({ code, technicianMessage, citizenMessage: DOCUMENT_ERROR_MESSAGES[code], retryable, ...(cause === undefined ? {} : { cause }) });
}

/** The driver's error with the citizen text for someone standing at the glass. */
export function scanError(error: unknown): KioskError {
  const e = toKioskError(error, 'scanner.failed');
  if (e.code in DOCUMENT_ERROR_MESSAGES) {
    return new KioskError({ code: e.code, technicianMessage: e.technicianMessage, citizenMessage: DOCUMENT_ERROR_MESSAGES[e.code as DocumentErrorCode], retryable: e.retryable, cause: e });
  }
  if (e.code.startsWith('scanner.')) {
    return new KioskError({ code: e.code, technicianMessage: e.technicianMessage, citizenMessage: DOCUMENT_ERROR_MESSAGES['scanner.failed'], retryable: e.retryable, cause: e });
  }
  return e;
}

function draftKeyOf(draft: Draft): string {
  return `${draft.targetId}@${draft.createdAt}`;
}

function wipePages(pages: readonly StoredPage[]): void {
  for (const p of pages) {
    p.data.fill(0);
    p.preview.fill(0);
  }
}

function dataUrl(jpeg: Buffer): string {
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

export class DocumentService {
  private running: { documentId: string; cancel: () => void } | undefined;
  private caps: ScannerCapabilities | undefined;
  private capsFor: DocumentScanner | undefined;

  constructor(private readonly deps: DocumentServiceDeps) {
    // The citizen left (card out, timeout): their scan stops with them.
    deps.bus.subscribe((event) => {
      if (event === 'session.ended') this.running?.cancel();
    });
  }

  private get maxPages(): number {
    return this.deps.maxPages ?? MAX_PAGES;
  }

  list(): DocumentsView {
    const current = this.current();
    return this.view(current, this.scans(current));
  }

  async scan(documentId: string, append = false): Promise<DocumentsView & { scanned: DocumentState }> {
    const current = this.current();
    if (current.submitted) throw docError('documents.submitted', 'documents.scan after the dossier was submitted');
    const needed = this.needed(current.draft).find((n) => n.document.id === documentId);
    if (!needed) throw docError('documents.unknown', `document ${documentId} is not asked for by draft ${current.draft.targetId}`);
    const scanner = this.deps.scanner();
    if (!scanner) throw docError('documents.no-scanner', 'no document scanner configured');
    if (this.running) throw scanError(new KioskError({ code: 'scanner.busy', technicianMessage: `a documents.scan for ${this.running.documentId} is running`, retryable: true }));
    const held = this.scans(current).docs[documentId]?.pages.length ?? 0;
    if (append && held >= this.maxPages) throw docError('documents.too-many-pages', `document ${documentId} already has ${held} page(s)`);

    let cancelled = false;
    let cancelJob: (() => void) | undefined;
    this.running = {
      documentId,
      cancel: () => {
        cancelled = true;
        cancelJob?.();
      },
    };
    const progress = (stage: DocumentScanStage, page: number, percent?: number) =>
      this.deps.bus.emit('documents.progress', { documentId, stage, page, ...(percent === undefined ? {} : { percent }) });
    const started = Date.now();
    let kept: StoredPage[] = [];
    try {
      progress('starting', 0);
      const caps = await this.capabilities(scanner);
      if (cancelled) throw new KioskError({ code: 'scanner.cancelled', technicianMessage: 'cancelled before the scan started' });
      const source: ScanSource = caps.sources.includes('flatbed') ? 'flatbed' : 'adf';
      const resolution = this.resolutionFor(caps);
      const room = append ? this.maxPages - held : this.maxPages;
      const job = scanner.scan({
        resolution,
        mode: caps.modes.includes('gray') ? 'gray' : (caps.modes[0] ?? 'color'),
        source,
        format: 'png',
        ...(source === 'adf' ? { maxPages: room } : {}),
        ...(this.deps.backendOptions ? { backendOptions: this.deps.backendOptions } : {}),
      });
      cancelJob = () => job.cancel();
      let lastPercent = -1;
      job.onEvent((event) => {
        if (event.type === 'page-started') {
          lastPercent = -1;
          progress('scanning', event.page, 0);
        } else if (event.type === 'progress' && event.percent - lastPercent >= 5) {
          // Every 5 %: enough for a moving bar, not a flood of socket messages.
          lastPercent = event.percent;
          progress('scanning', event.page, Math.min(100, Math.max(0, event.percent)));
        }
      });
      let raw: readonly ScannedPage[];
      let failure: unknown;
      try {
        raw = (await job.result).pages;
      } catch (error) {
        // Unplugged or jammed mid-feed: the sheets that came through are kept, the rest is retried.
        raw = job.pagesSoFar;
        failure = error;
      }
      progress('processing', raw.length);
      kept = [];
      let blank: unknown;
      for (const page of raw.slice(0, room)) {
        try {
          kept.push(await this.process(page, resolution, documentId));
        } catch (error) {
          // An empty sheet in a feeder stack (a separator, a blank back) is skipped, not filed;
          // a scan that found nothing but empty sheets is reported as such below.
          if (!(isKioskError(error) && error.code === 'documents.blank-page')) throw error;
          blank = error;
        }
      }
      if (kept.length === 0 && blank !== undefined && failure === undefined) throw blank;
      if (!this.sameDraft(current)) {
        // The session ended (or another journey began) while the sheet was under the lid: the
        // pages belong to nobody now and must not reappear in a new session.
        wipePages(kept);
        kept = [];
        throw this.noDraft();
      }
      if (failure !== undefined) throw failure;
      if (kept.length === 0) throw new KioskError({ code: 'scanner.feeder-empty', technicianMessage: 'the scan finished without a page' });
    } catch (error) {
      if (kept.length > 0 && this.sameDraft(current)) this.store(current, documentId, kept, append);
      else wipePages(kept);
      log.warn({ document: documentId, code: isKioskError(error) ? error.code : 'unknown', keptPages: kept.length }, 'document scan failed');
      throw isKioskError(error) && (error.code.startsWith('documents.') || error.code.startsWith('procedures.')) ? error : scanError(error);
    } finally {
      this.running = undefined;
      progress('done', kept.length);
    }
    this.store(current, documentId, kept, append);
    log.info({ document: documentId, pages: kept.length, ms: Date.now() - started }, 'document scanned');
    const view = this.view(current, this.scans(current));
    return { ...view, scanned: view.documents.find((d) => d.id === documentId)! };
  }

  remove(documentId: string, page?: number): DocumentsView {
    const current = this.current();
    if (current.submitted) throw docError('documents.submitted', 'documents.remove after the dossier was submitted');
    if (!this.needed(current.draft).some((n) => n.document.id === documentId)) {
      throw docError('documents.unknown', `document ${documentId} is not asked for by draft ${current.draft.targetId}`);
    }
    const scans = this.scans(current);
    const held = scans.docs[documentId];
    if (held) {
      const gone = page === undefined ? held.pages : held.pages.splice(page - 1, 1);
      if (page === undefined || held.pages.length === 0) delete scans.docs[documentId];
      wipePages(gone);
    }
    return this.view(current, scans);
  }

  cancel(): { cancelled: boolean } {
    if (!this.running) return { cancelled: false };
    this.running.cancel();
    return { cancelled: true };
  }

  /**
   * The files for the dossier: one PDF per paper (pages at their scanned size) where the procedure
   * accepts PDF, else one image per page. Fails with documents.missing while a required paper that
   * this kiosk could scan is not scanned; with no working scanner the papers go to the counter.
   */
  async attachments(draft: Draft): Promise<AttachmentInput[]> {
    const current = { draft, submitted: false };
    const scans = this.scans(current);
    const view = this.view(current, scans);
    if (!view.complete) throw docError('documents.missing', `missing: ${view.documents.filter((d) => d.blocking).map((d) => d.id).join(', ')}`);
    const out: AttachmentInput[] = [];
    for (const { document } of this.needed(draft)) {
      const pages = scans.docs[document.id]?.pages ?? [];
      if (pages.length === 0) continue;
      if (document.accept.includes('pdf')) {
        out.push({ name: `${document.id}.pdf`, componentCode: document.id, mime: 'application/pdf', bytes: await pagesToPdf(pages, pages[0]!.dpi) });
        continue;
      }
      for (const [i, p] of pages.entries()) {
        // Without PDF every format here is an image the procedure accepts (png or jpeg).
        const ext = p.format === 'png' ? 'png' : 'jpg';
        out.push({ name: `${document.id}-${i + 1}.${ext}`, componentCode: document.id, mime: p.format === 'png' ? 'image/png' : 'image/jpeg', bytes: p.data });
      }
    }
    return out;
  }

  private async process(page: ScannedPage, dpi: number, documentId: string): Promise<StoredPage> {
    const processed = await processScannedPage(page.data, { dpi, name: `${documentId} page ${page.index}`, ...(this.deps.calibration ? { calibration: this.deps.calibration } : {}) });
    page.data.fill(0);
    return {
      data: processed.stored.data,
      format: processed.stored.format,
      width: processed.stored.width,
      height: processed.stored.height,
      dpi,
      preview: processed.preview.data,
      previewWidth: processed.preview.width,
      previewHeight: processed.preview.height,
    };
  }

  private store(current: CurrentDraft, documentId: string, pages: StoredPage[], append: boolean): void {
    const scans = this.scans(current);
    const held = scans.docs[documentId];
    if (append && held) {
      held.pages.push(...pages.slice(0, this.maxPages - held.pages.length));
      return;
    }
    wipePages(held?.pages ?? []);
    scans.docs[documentId] = { pages: pages.slice(0, this.maxPages) };
  }

  private async capabilities(scanner: DocumentScanner): Promise<ScannerCapabilities> {
    if (this.caps && this.capsFor === scanner) return this.caps;
    const caps = await scanner.capabilities();
    this.caps = caps;
    this.capsFor = scanner;
    return caps;
  }

  private resolutionFor(caps: ScannerCapabilities): number {
    const wanted = this.deps.resolution;
    if (Array.isArray(caps.resolutions)) {
      return caps.resolutions.reduce((best, r) => (Math.abs(r - wanted) < Math.abs(best - wanted) ? r : best), caps.resolutions[0] ?? wanted);
    }
    return Math.min(Math.max(wanted, caps.resolutions.min), caps.resolutions.max);
  }

  private current(): CurrentDraft {
    const current = this.deps.draft();
    if (!current) throw this.noDraft();
    return current;
  }

  private noDraft(): KioskError {
    return new KioskError({
      code: 'procedures.no-draft',
      technicianMessage: 'no procedure draft in the citizen session (ended, or never started)',
      citizenMessage: 'Phiên làm việc đã kết thúc. Xin ông/bà bắt đầu lại.',
    });
  }

  /** The session still holds the journey a scan was started for. */
  private sameDraft(current: CurrentDraft): boolean {
    const now = this.deps.draft();
    return now !== undefined && draftKeyOf(now.draft) === draftKeyOf(current.draft);
  }

  private scans(current: CurrentDraft): ScansState {
    const draftKey = draftKeyOf(current.draft);
    let scans = this.deps.session.get<ScansState>(SCANS_KEY);
    if (!scans || scans.draftKey !== draftKey) {
      scans = { draftKey, docs: {} };
      this.deps.session.put(SCANS_KEY, scans);
    }
    return scans;
  }

  /**
   * Papers to scan here for the answers given: those required now, and the ones a procedure lists
   * as always optional. Papers the kiosk itself produces or that need not be scanned
   * (scanRequired: false) stay on the review's list only. A paper several members of a group ask
   * for appears once, required if any member requires it.
   */
  private needed(draft: Draft): Needed[] {
    const out: Needed[] = [];
    for (const r of requiredDocuments(this.deps.catalogue(), draft)) {
      if (!r.document.scanRequired) continue;
      if (!r.required && r.document.required !== false) continue;
      const seen = out.find((n) => n.document.id === r.document.id);
      if (seen) seen.required ||= r.required;
      else out.push({ document: r.document, required: r.required });
    }
    return out;
  }

  private scannerState(): DocumentsView['scanner'] {
    const scanner = this.deps.scanner();
    if (!scanner) return 'none';
    if (this.running) return 'busy';
    const state = scanner.status().state;
    if (state === 'absent' || state === 'error' || state === 'alarm') return 'offline';
    return state === 'busy' ? 'busy' : 'ready';
  }

  private view(current: CurrentDraft, scans: ScansState): DocumentsView {
    const scanner = this.scannerState();
    // Without a working scanner the citizen is not stopped: the papers are handed in at the counter.
    const canScan = scanner === 'ready' || scanner === 'busy';
    const documents: DocumentState[] = this.needed(current.draft).map(({ document, required }) => {
      const pages = scans.docs[document.id]?.pages ?? [];
      return {
        id: document.id,
        name: document.name,
        ...(document.note ? { note: document.note } : {}),
        required,
        scanRequired: document.scanRequired,
        copies: document.copies,
        state: pages.length > 0 ? 'scanned' : 'missing',
        pages: pages.map((p, i) => ({ number: i + 1, thumbnail: dataUrl(p.preview), width: p.previewWidth, height: p.previewHeight })),
        bytes: pages.reduce((sum, p) => sum + p.data.length, 0),
        blocking: canScan && required && pages.length === 0,
      };
    });
    const blocking = documents.filter((d) => d.blocking);
    const missingRequired = documents.filter((d) => d.required && d.state === 'missing');
    let message: LocalizedText | undefined;
    if (blocking.length > 0) {
      message = {
        vi: `Còn ${blocking.length} giấy tờ bắt buộc chưa quét: ${blocking.map((d) => d.name.vi).join('; ')}.`,
        en: `${blocking.length === 1 ? '1 required paper is' : `${blocking.length} required papers are`} not scanned yet: ${blocking.map((d) => d.name.en).join('; ')}.`,
      };
    } else if (missingRequired.length > 0) {
      message =
        scanner === 'none'
          ? { vi: 'Máy này không quét giấy tờ. Xin mang các giấy tờ dưới đây đến quầy để cán bộ nhận.', en: 'This machine does not scan papers. Please take the papers below to the counter for the staff.' }
          : {
              vi: 'Máy quét đang không hoạt động. Ông/bà vẫn nộp được hồ sơ; xin mang các giấy tờ dưới đây đến quầy để cán bộ nhận.',
              en: 'The scanner is not working. You can still submit your application; please take the papers below to the counter for the staff.',
            };
    }
    return {
      documents,
      scanner,
      source: this.caps && !this.caps.sources.includes('flatbed') ? 'adf' : 'flatbed',
      complete: blocking.length === 0,
      ...(message ? { message } : {}),
      maxPages: this.maxPages,
    };
  }
}
