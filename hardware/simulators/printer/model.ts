// Runs in: Node (simulator). The virtual printer's mechanism: paper, cover, receive buffer, and the
// page being printed. It behaves like an Epson-class receipt printer: real-time commands (DLE EOT,
// DLE DC4 8) are answered at once even while offline; print data received while offline (paper
// end, cover open) is held and printed after recovery unless the host clears the buffers.
import QRCode from 'qrcode';
import type { EscPosEvent } from './parser';
import { EscPosStreamParser } from './parser';

export type PageItem =
  | { type: 'text'; text: string; bold: boolean; width: number; height: number; align: 'left' | 'center' | 'right'; heightDots: number }
  | { type: 'raster'; width: number; height: number; data: Uint8Array; align: 'left' | 'center' | 'right' }
  | { type: 'qr'; data: Uint8Array; moduleSize: number; ecLevel: 'L' | 'M' | 'Q' | 'H'; align: 'left' | 'center' | 'right'; heightDots: number }
  | { type: 'barcode'; system: number; data: Uint8Array; heightDots: number; align: 'left' | 'center' | 'right'; moduleDots: number; hri: 'none' | 'above' | 'below' | 'both' }
  | { type: 'feed'; dots: number };

export interface Page {
  items: PageItem[];
  /** False when the paper ran out (or the cover opened) before the cut: a torn stub. */
  complete: boolean;
  /** Dot rows consumed. */
  heightDots: number;
  /** `GS ( k` payloads stored and printed on this page, as sent. */
  qrPayloads: Uint8Array[];
  textMode: 'raster' | 'codepage' | 'mixed' | 'none';
  /** Print density in force for the page, percent of the standard (GS ( K fn 49 / DC2 #). */
  density: number;
  /** How the page left the printer: its cut, or 'none' (torn off at the bar, or a stub). */
  cut: 'full' | 'partial' | 'none';
}

export interface PrinterState {
  paperOut: boolean;
  nearEnd: boolean;
  coverOpen: boolean;
}

const LINE_DOTS = 30;
/** Height of the human-readable line under (or over) a barcode. */
export const HRI_DOTS = 30;
const HRI_POSITIONS = ['none', 'above', 'below', 'both'] as const;

/** Dot rows an item takes on paper; QR from the real symbol size so paper accounting is honest. */
export function itemHeight(item: PageItem): number {
  switch (item.type) {
    case 'text':
      return item.heightDots;
    case 'raster':
      return item.height;
    case 'qr':
      return item.heightDots;
    case 'barcode':
      return item.heightDots + (item.hri === 'none' ? 0 : item.hri === 'both' ? 2 * HRI_DOTS : HRI_DOTS);
    case 'feed':
      return item.dots;
  }
}

export class PrinterModel {
  readonly state: PrinterState = { paperOut: false, nearEnd: false, coverOpen: false };
  /** Dot rows of paper left; Infinity = endless roll. */
  paperLeftDots = Number.POSITIVE_INFINITY;
  readonly pages: Page[] = [];
  private parser = new EscPosStreamParser();
  private page: Page = newPage();
  private held: EscPosEvent[] = [];
  private style = { bold: false, width: 1, height: 1, align: 'left' as 'left' | 'center' | 'right', table: 0, lineDots: LINE_DOTS };
  /** Forgotten at ESC @ here; the kiosk's driver sends it after ESC @ in every job anyway. */
  private density = 100;
  private qr = { moduleSize: 3, ecLevel: 'L' as 'L' | 'M' | 'Q' | 'H', data: null as Uint8Array | null };
  private barcodeHeight = 162;
  /** GS w: module width in dots (2..6; Epson's default 3). */
  private barcodeModule = 3;
  private barcodeHri: (typeof HRI_POSITIONS)[number] = 'none';
  private lineText: number[] = [];

  constructor(
    private readonly reply: (bytes: Uint8Array) => void,
    private readonly onPage: (page: Page) => void,
    readonly widthDots = 576,
  ) {}

  get online(): boolean {
    return !this.state.paperOut && !this.state.coverOpen;
  }

  /** Raw bytes from the host. May throw a KioskError on a hostile stream (the caller logs it). */
  receive(bytes: Uint8Array): void {
    for (const ev of this.parser.push(bytes)) this.dispatch(ev);
  }

  setPaperOut(out: boolean): void {
    this.state.paperOut = out;
    if (out) {
      this.paperLeftDots = 0;
      this.tearPage();
    } else {
      this.paperLeftDots = Number.POSITIVE_INFINITY;
      this.resume();
    }
  }

  setCoverOpen(open: boolean): void {
    this.state.coverOpen = open;
    if (open) this.tearPage();
    else this.resume();
  }

  setNearEnd(near: boolean): void {
    this.state.nearEnd = near;
  }

  /** DLE EOT n replies (fixed bits 0x12). */
  statusByte(n: number): number {
    const s = this.state;
    switch (n) {
      case 1:
        return 0x12 | (this.online ? 0 : 0x08);
      case 2:
        return 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0);
      case 3:
        return 0x12;
      case 4:
        return 0x12 | (s.nearEnd || s.paperOut ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
      default:
        return 0x12;
    }
  }

  private dispatch(ev: EscPosEvent): void {
    if (ev.kind === 'status-request') {
      this.reply(Uint8Array.of(this.statusByte(ev.n)));
      return;
    }
    if (ev.kind === 'clear-buffers') {
      this.held = [];
      this.lineText = [];
      return;
    }
    if (ev.kind === 'realtime-recover') return;
    if (!this.online) {
      this.held.push(ev);
      return;
    }
    this.execute(ev);
  }

  private resume(): void {
    if (!this.online) return;
    const held = this.held;
    this.held = [];
    for (let k = 0; k < held.length; k++) {
      if (!this.online) {
        this.held = [...held.slice(k), ...this.held];
        return;
      }
      this.execute(held[k]!);
    }
  }

  private consume(item: PageItem): void {
    const h = itemHeight(item);
    if (h > this.paperLeftDots) {
      // The head runs off the end of the roll: the stub is torn off incomplete.
      if (item.type === 'raster' && this.paperLeftDots > 0) {
        const rows = Math.floor(this.paperLeftDots);
        this.page.items.push({ ...item, height: rows, data: item.data.slice(0, rows * (item.width / 8)) });
        this.page.heightDots += rows;
      }
      this.paperLeftDots = 0;
      this.state.paperOut = true;
      this.tearPage();
      return;
    }
    this.paperLeftDots -= h;
    this.page.items.push(item);
    this.page.heightDots += h;
  }

  private flushLine(): void {
    const bytes = Uint8Array.from(this.lineText);
    this.lineText = [];
    const text = decodeText(bytes, this.style.table);
    const heightDots = Math.max(this.style.lineDots, 24 * this.style.height + 6);
    if (text.length === 0) {
      this.consume({ type: 'feed', dots: this.style.lineDots });
      return;
    }
    this.page.textMode = this.page.textMode === 'raster' ? 'mixed' : 'codepage';
    this.consume({ type: 'text', text, bold: this.style.bold, width: this.style.width, height: this.style.height, align: this.style.align, heightDots });
  }

  private execute(ev: EscPosEvent): void {
    // A line of text in progress is printed when anything but more text arrives.
    if (this.lineText.length && ev.kind !== 'text' && ev.kind !== 'bold' && ev.kind !== 'size' && ev.kind !== 'underline') {
      if (ev.kind !== 'lf') this.flushLine();
    }
    switch (ev.kind) {
      case 'init':
        if (this.page.items.length) this.finishPage(true);
        this.style = { bold: false, width: 1, height: 1, align: 'left', table: 0, lineDots: LINE_DOTS };
        this.qr = { moduleSize: 3, ecLevel: 'L', data: null };
        this.density = 100;
        return;
      case 'density':
        this.density = ev.percent;
        return;
      case 'text':
        this.lineText.push(...ev.bytes);
        return;
      case 'lf':
        this.flushLine();
        return;
      case 'bold':
        this.style.bold = ev.on;
        return;
      case 'size':
        this.style.width = ev.width;
        this.style.height = ev.height;
        return;
      case 'align':
        this.style.align = ev.align;
        return;
      case 'code-table':
        this.style.table = ev.table;
        return;
      case 'line-spacing':
        this.style.lineDots = ev.dots ?? LINE_DOTS;
        return;
      case 'feed-dots':
        this.consume({ type: 'feed', dots: ev.dots });
        return;
      case 'feed-lines':
        this.consume({ type: 'feed', dots: ev.lines * this.style.lineDots });
        return;
      case 'raster':
        this.page.textMode = this.page.textMode === 'codepage' ? 'mixed' : this.page.textMode === 'none' ? 'raster' : this.page.textMode;
        this.consume({ type: 'raster', width: ev.width, height: ev.height, data: ev.data, align: this.style.align });
        return;
      case 'qr-module':
        this.qr.moduleSize = Math.min(16, Math.max(1, ev.size));
        return;
      case 'qr-ec':
        this.qr.ecLevel = ev.level;
        return;
      case 'qr-store':
        this.qr.data = ev.data;
        return;
      case 'qr-print': {
        const data = this.qr.data;
        if (!data || data.length === 0) return;
        let modules: number;
        try {
          modules = QRCode.create([{ data: Buffer.from(data), mode: 'byte' }], { errorCorrectionLevel: this.qr.ecLevel }).modules.size;
        } catch {
          return; // a real printer prints nothing for data that does not fit
        }
        this.page.qrPayloads.push(data);
        this.consume({ type: 'qr', data, moduleSize: this.qr.moduleSize, ecLevel: this.qr.ecLevel, align: this.style.align, heightDots: modules * this.qr.moduleSize });
        return;
      }
      case 'barcode-height':
        this.barcodeHeight = Math.max(1, ev.dots);
        return;
      case 'barcode-width':
        this.barcodeModule = Math.min(6, Math.max(1, ev.width));
        return;
      case 'barcode-hri':
        this.barcodeHri = HRI_POSITIONS[ev.position] ?? 'none';
        return;
      case 'barcode':
        this.consume({ type: 'barcode', system: ev.system, data: ev.data, heightDots: this.barcodeHeight, align: this.style.align, moduleDots: this.barcodeModule, hri: this.barcodeHri });
        return;
      case 'cut':
        if (ev.feed) this.consume({ type: 'feed', dots: ev.feed });
        if (this.online) this.finishPage(true, ev.partial ? 'partial' : 'full');
        return;
      case 'paper-sensor-request': {
        const s = this.state;
        // A printer without a cutter (or a job sent with cut "none") never says where a ticket
        // ends; the in-order GS r the driver sends after each job does, so the page ends there.
        if (this.page.items.length && this.online) this.finishPage(true, 'none');
        this.reply(Uint8Array.of((s.nearEnd ? 0x03 : 0) | (s.paperOut ? 0x0c : 0)));
        return;
      }
      default:
        return;
    }
  }

  private tearPage(): void {
    if (this.page.items.length) this.finishPage(false, 'none');
  }

  private finishPage(complete: boolean, cut: Page['cut'] = 'none'): void {
    const page = this.page;
    page.complete = complete;
    page.cut = cut;
    page.density = this.density;
    this.page = newPage();
    if (page.items.length === 0) return;
    this.pages.push(page);
    this.onPage(page);
  }
}

function newPage(): Page {
  return { items: [], complete: false, heightDots: 0, qrPayloads: [], textMode: 'none', density: 100, cut: 'none' };
}

function decodeText(bytes: Uint8Array, table: number): string {
  // 52 = WPC1258 (Epson), 30 is used by several Chinese clones for TCVN/1258 too.
  const enc = table === 52 || table === 30 ? 'windows-1258' : table === 16 ? 'windows-1252' : 'latin1';
  try {
    return new TextDecoder(enc).decode(bytes).normalize('NFC');
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}
