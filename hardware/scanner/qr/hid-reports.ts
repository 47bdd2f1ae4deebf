// Runs in: every process (pure; no Node imports). Parsing of USB HID POS barcode-scanner reports.
//
// HID POS (usage page 0x8C "Barcode Scanner", HID Point of Sale Usage Tables 1.02) scanners send a
// "scanned data" input report per chunk of a code. Vendors (Honeywell "HID POS", Zebra "HID POS"/
// IBM table-top, Datalogic) lay it out the same way in practice; the offsets are configurable
// because the report descriptor, not a fixed struct, is normative:
//
//   [0]      report ID (0x02)
//   [1]      number of data bytes in this report
//   [2..4]   AIM symbology identifier, e.g. "]Q1" (zero bytes when the scanner does not send one)
//   [5..]    data bytes
//   [last]   bit 0 set = more reports follow for this code (long QR codes span several reports)
//
// A code is complete at the first report whose continuation bit is clear.

export interface HidPosLayout {
  reportId: number;
  /** Total report length including the ID byte (64 for full-speed devices). */
  reportLength: number;
  lengthOffset: number;
  aimOffset: number;
  dataOffset: number;
  /** Byte holding the continuation flag (bit 0); default the last byte. */
  continuationOffset: number;
}

export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = {
  reportId: 0x02,
  reportLength: 64,
  lengthOffset: 1,
  aimOffset: 2,
  dataOffset: 5,
  continuationOffset: 63,
};

export interface HidPosScan {
  bytes: Uint8Array;
  /** AIM identifier as sent (`]Q1`), when printable. */
  symbology?: string;
}

export interface HidPosParser {
  /** Feeds one input report; returns a scan when this report completes one. */
  push(report: Uint8Array): HidPosScan | undefined;
  /** Reports ignored (other report IDs, malformed lengths), for technician diagnostics. */
  readonly ignored: number;
}

/** Largest code we assemble: a version-40 QR holds 2953 bytes; anything far beyond is a stuck stream. */
const MAX_SCAN_BYTES = 8192;

export function createHidPosParser(layout: Partial<HidPosLayout> = {}): HidPosParser {
  const l = { ...DEFAULT_HID_POS_LAYOUT, ...layout };
  const capacity = l.continuationOffset - l.dataOffset;
  let parts: Uint8Array[] = [];
  let size = 0;
  let symbology: string | undefined;
  let ignored = 0;
  const reset = () => {
    parts = [];
    size = 0;
    symbology = undefined;
  };
  return {
    get ignored() {
      return ignored;
    },
    push(report) {
      if (report.length <= l.continuationOffset || report[0] !== l.reportId) {
        ignored++;
        return undefined;
      }
      const length = report[l.lengthOffset]!;
      if (length > capacity) {
        // A corrupt length would read into the flag bytes: drop the whole code rather than guess.
        ignored++;
        reset();
        return undefined;
      }
      if (parts.length === 0) {
        const aim = report.subarray(l.aimOffset, l.aimOffset + 3);
        symbology = aim[0] === 0x5d && aim.every((b) => b >= 0x20 && b < 0x7f) ? String.fromCharCode(...aim) : undefined;
      }
      parts.push(report.slice(l.dataOffset, l.dataOffset + length));
      size += length;
      if (size > MAX_SCAN_BYTES) {
        ignored++;
        reset();
        return undefined;
      }
      if ((report[l.continuationOffset]! & 0x01) !== 0) return undefined;
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const p of parts) {
        bytes.set(p, at);
        at += p.length;
      }
      const scan: HidPosScan = symbology ? { bytes, symbology } : { bytes };
      reset();
      return scan;
    },
  };
}

/** Builds the reports a HID POS scanner sends for `data` (simulators and tests). */
export function buildHidPosReports(data: Uint8Array, symbology = ']Q1', layout: Partial<HidPosLayout> = {}): Uint8Array[] {
  const l = { ...DEFAULT_HID_POS_LAYOUT, ...layout };
  const capacity = l.continuationOffset - l.dataOffset;
  const reports: Uint8Array[] = [];
  for (let at = 0; at < data.length || reports.length === 0; at += capacity) {
    const chunk = data.subarray(at, at + capacity);
    const r = new Uint8Array(l.reportLength);
    r[0] = l.reportId;
    r[l.lengthOffset] = chunk.length;
    for (let i = 0; i < 3; i++) r[l.aimOffset + i] = symbology.charCodeAt(i) & 0xff;
    r.set(chunk, l.dataOffset);
    r[l.continuationOffset] = at + capacity < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}
