// Runs in: Node (engine). Pure. Reads what `scanimage` prints: the device list, the option help
// (`-A`), its stderr progress lines and its error messages. Kept apart from process handling so
// each can be fuzzed without a scanner.
import { KioskError } from '../../../src/shared/errors';
import type { ColorMode, ScanFormat, ScanSource, ScannerCapabilities, ScannerInfo } from './types';

/** What `scanimage --format` writes (1.0.28+; Debian builds it with libpng, libjpeg and libtiff). */
export const SCANIMAGE_FORMATS: ScanFormat[] = ['png', 'jpeg', 'tiff', 'pnm'];

/** `-f` template used for discovery: tab-separated, one device per line. */
export const DEVICE_LIST_FORMAT = '%d\t%v\t%m\t%t%n';

export function parseDeviceList(stdout: string): ScannerInfo[] {
  const devices: ScannerInfo[] = [];
  for (const line of stdout.split('\n')) {
    const parts = line.split('\t');
    if (parts.length !== 4 || parts[0]!.trim() === '') continue;
    const [id, vendor, model, type] = parts.map((p) => p.trim()) as [string, string, string, string];
    devices.push({ id, vendor, model, type });
  }
  return devices;
}

const MODE_NAMES: Record<string, ColorMode> = {
  color: 'color',
  gray: 'gray',
  grey: 'gray',
  grayscale: 'gray',
  lineart: 'lineart',
  binary: 'lineart',
};

/** SANE mode names differ per backend; this picks the device's spelling for our mode. */
export function saneModeFor(mode: ColorMode, deviceModes: string[]): string | undefined {
  return deviceModes.find((m) => MODE_NAMES[m.toLowerCase()] === mode);
}

function sourceKind(name: string): ScanSource | undefined {
  const n = name.toLowerCase();
  if (n.includes('flatbed')) return 'flatbed';
  if (n.includes('adf') || n.includes('feeder')) return 'adf';
  return undefined;
}

/** The device's spelling for our source; simplex ADF preferred over duplex. */
export function saneSourceFor(source: ScanSource, deviceSources: string[]): string | undefined {
  const matches = deviceSources.filter((s) => sourceKind(s) === source);
  return matches.find((s) => !/duplex|back/i.test(s)) ?? matches[0];
}

export interface SaneOptionHelp {
  capabilities: ScannerCapabilities;
  /** Raw SANE spellings, needed to build the command line. */
  rawModes: string[];
  rawSources: string[];
}

const OPTION_LINE = /^\s{2,}(--?[a-z][a-z0-9-]*)(?:\[=\(([^)]*)\)\])?\s*(.*)$/i;

/** Parses `scanimage -d DEV -A`. Unknown shapes are skipped: backends add their own options. */
export function parseOptionHelp(text: string): SaneOptionHelp {
  const optionNames: string[] = [];
  let rawModes: string[] = [];
  let rawSources: string[] = [];
  let resolutions: ScannerCapabilities['resolutions'] = [];
  for (const line of text.split('\n')) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/^-+/, '');
    optionNames.push(name);
    const rest = (m[3] ?? '').replace(/\s*\[[^\]]*\]\s*$/, '').replace(/\s*\(in steps of [^)]*\)/, '').trim();
    if (name === 'mode') rawModes = rest.split('|').map((s) => s.trim()).filter(Boolean);
    else if (name === 'source') rawSources = rest.split('|').map((s) => s.trim()).filter(Boolean);
    else if (name === 'resolution') resolutions = parseResolutionSpec(rest);
  }
  const modes = [...new Set(rawModes.map((m) => MODE_NAMES[m.toLowerCase()]).filter((m): m is ColorMode => !!m))];
  const sources = [...new Set(rawSources.map(sourceKind).filter((s): s is ScanSource => !!s))];
  // A device with no source option is a plain flatbed.
  if (rawSources.length === 0) sources.push('flatbed');
  return { capabilities: { modes, sources, resolutions, formats: [...SCANIMAGE_FORMATS], optionNames }, rawModes, rawSources };
}

function parseResolutionSpec(spec: string): ScannerCapabilities['resolutions'] {
  const s = spec.replace(/dpi/gi, '').trim();
  const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(s);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  return s
    .split('|')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isFinite(v) && v > 0);
}

export function resolutionAllowed(dpi: number, allowed: ScannerCapabilities['resolutions']): boolean {
  if (!Number.isInteger(dpi) || dpi <= 0) return false;
  if (Array.isArray(allowed)) return allowed.length === 0 || allowed.includes(dpi);
  return dpi >= allowed.min && dpi <= allowed.max;
}

export type StderrEvent =
  | { type: 'page-started'; page: number }
  | { type: 'progress'; percent: number }
  /** A read completed on a page of unknown length (hand scanners, some sheet feeders). */
  | { type: 'progress-unknown' }
  /** `status` is the SANE status the page ended with: 5 (EOF) = complete; absent if not printed. */
  | { type: 'page-done'; page: number; status?: number }
  | { type: 'batch-done'; pages: number };

/** One stderr line of `scanimage --batch -p` (lines end in \n or \r). */
export function parseStderrLine(line: string): StderrEvent | undefined {
  let m = /^Scanning page (\d+)/.exec(line);
  if (m) return { type: 'page-started', page: Number(m[1]) };
  m = /^Progress: (\d+(?:\.\d+)?)%/.exec(line);
  if (m) return { type: 'progress', percent: Math.min(100, Number(m[1])) };
  if (/^Progress: \(unknown\)/.test(line)) return { type: 'progress-unknown' };
  m = /^Scanned page (\d+)\.?(?: \(scanner status = (\d+)\))?/.exec(line);
  if (m) return m[2] === undefined ? { type: 'page-done', page: Number(m[1]) } : { type: 'page-done', page: Number(m[1]), status: Number(m[2]) };
  m = /^Batch terminated, (\d+) pages? scanned/.exec(line);
  if (m) return { type: 'batch-done', pages: Number(m[1]) };
  return undefined;
}

const CITIZEN_CALL_STAFF = 'Máy quét đang gặp sự cố. Xin vui lòng nhờ cán bộ hỗ trợ.';
const LINK_LOST = 'Máy quét bị mất kết nối. Xin vui lòng thử lại hoặc nhờ cán bộ kiểm tra máy.';

/**
 * Maps scanimage's failure text to a KioskError. scanimage's exit codes are just SANE status
 * numbers, but the text is more specific (which call failed), so both are used.
 */
export function errorFromScanimage(stderr: string, exitCode: number | null, deviceId: string): KioskError {
  const text = stderr.toLowerCase();
  const mk = (code: string, cause: string, citizenMessage: string, retryable: boolean) =>
    new KioskError({ code, technicianMessage: `scanner ${deviceId}: ${cause}`, citizenMessage, retryable });
  if (/open of device .* failed|no such device|invalid argument.*open|no scanners were identified/.test(text)) {
    return mk('scanner.absent', 'device not found or could not be opened (unplugged or no backend)', 'Không tìm thấy máy quét. Xin vui lòng nhờ cán bộ kiểm tra máy.', true);
  }
  if (text.includes('device busy')) {
    return mk('scanner.busy', 'device busy (another program is using it)', 'Máy quét đang bận. Xin vui lòng chờ một lát rồi thử lại.', true);
  }
  if (text.includes('out of documents') || text.includes('no docs')) {
    return mk('scanner.feeder-empty', 'document feeder is empty', 'Chưa có giấy trong khay nạp. Xin đặt giấy vào khay rồi thử lại.', true);
  }
  if (text.includes('jammed')) {
    return mk('scanner.jammed', 'paper jammed in the feeder', 'Giấy bị kẹt trong máy quét. Xin vui lòng nhờ cán bộ hỗ trợ.', true);
  }
  if (text.includes('cover') && text.includes('open')) {
    return mk('scanner.cover-open', 'scanner cover is open', 'Nắp máy quét đang mở. Xin đóng nắp rồi thử lại.', true);
  }
  if (text.includes('access') && text.includes('denied')) {
    return mk('scanner.access-denied', 'access to the device denied (permissions)', CITIZEN_CALL_STAFF, false);
  }
  if (text.includes('error during device i/o') || text.includes('i/o error')) {
    return mk('scanner.io', 'I/O error talking to the device (cable or power)', LINK_LOST, true);
  }
  // The link to a network scanner (saned) broke: its socket raised SIGPIPE, and the reply that
  // never came reads as a garbage status number.
  if (/received signal 13\b|unknown sane status code|broken pipe|connection reset/.test(text)) {
    return mk('scanner.io', 'the link to the device broke mid-transfer (network scanner gone, or its daemon died)', LINK_LOST, true);
  }
  if (/setting of option|attempted to set (inactive|readonly) option|is not a valid|invalid argument/.test(text)) {
    return mk('scanner.option-invalid', 'the device refused an option', CITIZEN_CALL_STAFF, false);
  }
  const firstLine = stderr.split('\n').find((l) => l.startsWith('scanimage:')) ?? '';
  return mk('scanner.failed', `scanimage exited with ${exitCode ?? 'a signal'} ${firstLine.slice(0, 200)}`.trim(), CITIZEN_CALL_STAFF, true);
}
