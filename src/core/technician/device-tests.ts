// Runs in: Node (engine). One self-test per device, for the technician screen: what was checked,
// in English, with the measured figures. A failing device is a result (ok: false), not a throw:
// the technician needs the cause on screen.
import { performance } from 'node:perf_hooks';
import { loadSharp } from '../imaging/sharp';
import type { PcscCardReader } from '../../../hardware/card-reader/transport/pcsc';
import type { Printer } from '../../../hardware/printer/printer';
import type { DocumentScanner } from '../../../hardware/scanner/document/types';
import type { QrScanner } from '../../../hardware/scanner/qr';
import { toKioskError } from '../../shared/errors';
import { printTestPage } from '../tickets/print';

export type Figures = Record<string, number | string>;

export interface DeviceTestResult {
  ok: boolean;
  detail: string;
  figures: Figures;
  /** Document scanner only: a small PNG of the test scan. */
  thumbnail?: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const ms = (start: number) => Math.round((performance.now() - start) * 10) / 10;

/** SELECT EF.CardAccess (011C) in the MF, then READ BINARY: PACE parameters, readable without keys, nothing personal. */
const SELECT_CARD_ACCESS = Uint8Array.from([0x00, 0xa4, 0x02, 0x0c, 0x02, 0x01, 0x1c]);
const READ_BINARY = Uint8Array.from([0x00, 0xb0, 0x00, 0x00, 0x00]);
/** PACE protocol OIDs (BSI TR-03110 id-PACE = 0.4.0.127.0.7.2.2.4) as DER bytes. */
const ID_PACE = Uint8Array.from([0x04, 0x00, 0x7f, 0x00, 0x07, 0x02, 0x02, 0x04]);

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** SELECT of the eMRTD application (ICAO 9303-10): answered by every CCCD, reads nothing personal. */
const SELECT_EMRTD = Uint8Array.from([0x00, 0xa4, 0x04, 0x0c, 0x07, 0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01]);

function failure(error: unknown, figures: Figures = {}): DeviceTestResult {
  const e = toKioskError(error);
  return { ok: false, detail: `${e.code}: ${e.technicianMessage}`, figures };
}

export async function testCardReader(reader: PcscCardReader | undefined): Promise<DeviceTestResult> {
  if (!reader) return { ok: false, detail: 'no card reader configured', figures: {} };
  const status = reader.status();
  const names = reader.readers();
  const figures: Figures = { readers: names.length };
  if (names.length) figures.readerNames = names.join(' | ');
  if (!reader.readerName) return { ok: false, detail: `no PC/SC reader found (${status.detail})`, figures };
  figures.reader = reader.readerName;
  if (!reader.atr) return { ok: true, detail: `reader "${reader.readerName}" present; no card inserted — insert a card to test a read`, figures };
  figures.atr = hex(reader.atr);
  const start = performance.now();
  try {
    const { sw, atr } = await reader.withCard(async (channel) => {
      const connected = ms(start);
      figures.connectMs = connected;
      // Step 2: EF.CardAccess says whether the chip offers PACE; only its length and that fact are kept.
      let t = performance.now();
      const selected = await channel.transmit(SELECT_CARD_ACCESS);
      if (hex(selected.slice(-2)) === '9000') {
        const data = await channel.transmit(READ_BINARY);
        const body = data.slice(0, -2);
        figures.cardAccessSw = hex(data.slice(-2));
        figures.cardAccessBytes = body.length;
        figures.pace = contains(body, ID_PACE) ? 'offered' : 'not offered';
      } else {
        figures.cardAccessSw = hex(selected.slice(-2));
        figures.pace = 'no EF.CardAccess (BAC only)';
      }
      figures.cardAccessMs = ms(t);
      t = performance.now();
      const response = await channel.transmit(SELECT_EMRTD);
      figures.selectMs = ms(t);
      return { sw: hex(response.slice(-2)), atr: hex(channel.atr) };
    });
    figures.atr = atr;
    figures.selectSw = sw;
    figures.totalMs = ms(start);
    const ok = sw === '9000';
    return { ok, detail: ok ? `card answered SELECT eMRTD with 9000 (protocol ok)` : `card answered SELECT eMRTD with ${sw}: not an ICAO chip, or a reader fault`, figures };
  } catch (error) {
    return failure(error, figures);
  }
}

export async function testPrinter(printer: Printer | undefined, timeoutMs = 20_000): Promise<DeviceTestResult> {
  if (!printer) return { ok: false, detail: 'no printer configured', figures: {} };
  const blocking = printer.alarms().filter((a) => a.severity === 'alarm');
  const paper = printer.paperStatus();
  const figures: Figures = { profile: printer.profile.id, widthDots: printer.profile.widthDots };
  if (paper) figures.paper = paper.paperEnd ? 'out' : paper.nearEnd ? 'near end' : 'ok';
  if (blocking.length > 0) {
    // A test page now would only queue behind the fault and print later, surprising whoever fixes it.
    return { ok: false, detail: `not printing a test page: ${blocking.map((a) => `${a.code} (${a.technicianMessage})`).join('; ')}`, figures };
  }
  const start = performance.now();
  try {
    const { jobId } = await printTestPage(printer);
    figures.jobId = jobId;
    await printer.waitForJob(jobId, timeoutMs);
    figures.printMs = ms(start);
    const after = printer.paperStatus();
    if (after) figures.paper = after.paperEnd ? 'out' : after.nearEnd ? 'near end' : 'ok';
    const warnings = printer.alarms();
    return { ok: true, detail: `test page printed${warnings.length ? `; ${warnings.map((a) => a.code).join(', ')}` : ''}`, figures };
  } catch (error) {
    return failure(error, figures);
  }
}

/** A low-resolution grey scan of the whole bed: proves the path through SANE and the device, fast. */
export async function testDocumentScanner(scanner: DocumentScanner | undefined, opts: { resolution?: number; backendOptions?: Record<string, string> } = {}): Promise<DeviceTestResult> {
  if (!scanner) return { ok: false, detail: 'no document scanner configured', figures: {} };
  const figures: Figures = {};
  try {
    const caps = await scanner.capabilities();
    const wanted = opts.resolution ?? 75;
    const resolution = Array.isArray(caps.resolutions)
      ? caps.resolutions.reduce((best, r) => (Math.abs(r - wanted) < Math.abs(best - wanted) ? r : best), caps.resolutions[0] ?? wanted)
      : Math.min(Math.max(wanted, caps.resolutions.min), caps.resolutions.max);
    const mode = caps.modes.includes('gray') ? 'gray' : (caps.modes[0] ?? 'color');
    const source = caps.sources.includes('flatbed') ? 'flatbed' : (caps.sources[0] ?? 'flatbed');
    figures.resolution = resolution;
    const start = performance.now();
    const result = await scanner.scan({ resolution, mode, source, format: 'png', maxPages: 1, ...(opts.backendOptions ? { backendOptions: opts.backendOptions } : {}) }).result;
    figures.scanMs = ms(start);
    const page = result.pages[0];
    if (!page) return { ok: false, detail: 'the scan finished without a page (feeder empty?)', figures };
    const sharp = await loadSharp();
    const meta = await sharp(page.data).metadata();
    figures.widthPx = meta.width ?? 0;
    figures.heightPx = meta.height ?? 0;
    figures.bytes = page.data.length;
    const thumb = await sharp(page.data).resize({ width: 240, withoutEnlargement: true }).png().toBuffer();
    return { ok: true, detail: `scanned ${figures.widthPx}×${figures.heightPx} px at ${resolution} dpi (${mode}, ${source})`, figures, thumbnail: `data:image/png;base64,${thumb.toString('base64')}` };
  } catch (error) {
    return failure(error, figures);
  }
}

export interface ScanStats {
  count: number;
  /** ISO 8601 of the last scan; its content is personal data and is never kept. */
  lastAt?: string;
  lastKind?: string;
  lastSymbology?: string;
  lastLength?: number;
}

export function testQrScanner(scanner: QrScanner | undefined, stats: ScanStats): DeviceTestResult {
  if (!scanner) return { ok: false, detail: 'no QR scanner configured', figures: {} };
  const status = scanner.status();
  const figures: Figures = { state: status.state, port: status.port, scans: stats.count };
  if (stats.lastAt) figures.lastScanAt = stats.lastAt;
  if (stats.lastKind) figures.lastKind = stats.lastKind;
  if (stats.lastSymbology) figures.lastSymbology = stats.lastSymbology;
  if (stats.lastLength !== undefined) figures.lastLength = stats.lastLength;
  const ok = status.state === 'ready' || status.state === 'busy';
  return { ok, detail: ok ? `${status.detail}; scan any code to see it counted here` : `${status.state}: ${status.detail}`, figures };
}
