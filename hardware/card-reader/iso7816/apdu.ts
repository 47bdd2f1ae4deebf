// Runs in: Node (engine) and Node (simulator). Pure: ISO/IEC 7816-4 APDU encoding and parsing.
//
// One codec for both sides of the wire, so the reader and the virtual card cannot disagree on
// what a case-4 extended APDU looks like; the simulator's parser is what the fuzz tests target.
import { KioskError } from '../../../src/shared/errors';

/** Longest response data an extended APDU can ask for (Le = '0000'). */
export const MAX_EXTENDED_NE = 65536;
/** Longest response data a short APDU can ask for (Le = '00'). */
export const MAX_SHORT_NE = 256;

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is derived from its length). */
  data?: Uint8Array;
  /**
   * Ne, the maximum number of response data bytes expected: undefined = no Le field (case 1/3),
   * 1..256 fits a short APDU (256 is encoded '00'), up to 65536 needs extended length.
   */
  le?: number;
  /** Force extended length encoding even when the APDU would fit the short form. */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Uint8Array;
  /** SW1 SW2 as one number, e.g. 0x9000. */
  sw: number;
}

export const sw1 = (sw: number): number => (sw >> 8) & 0xff;
export const sw2 = (sw: number): number => sw & 0xff;
export const isSuccess = (sw: number): boolean => sw === 0x9000;
export const hexSw = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

export const SW = {
  OK: 0x9000,
  END_OF_FILE: 0x6282,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  SM_DATA_OBJECTS_INCORRECT: 0x6988,
  COMMAND_NOT_ALLOWED_NO_EF: 0x6986,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  WRONG_P1P2_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

function apduError(technicianMessage: string): KioskError {
  return new KioskError({ code: 'card.apdu-invalid', technicianMessage });
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw apduError(`${name} must be a byte, got ${value}`);
}

/** Whether the command needs extended length fields. */
export function needsExtended(cmd: CommandApdu): boolean {
  const nc = cmd.data?.length ?? 0;
  return cmd.extended === true || nc > 255 || (cmd.le !== undefined && cmd.le > MAX_SHORT_NE);
}

/** Encodes a command APDU in the shortest form that carries it (or extended when forced). */
export function encodeCommand(cmd: CommandApdu): Uint8Array {
  checkByte('CLA', cmd.cla);
  checkByte('INS', cmd.ins);
  checkByte('P1', cmd.p1);
  checkByte('P2', cmd.p2);
  const nc = cmd.data?.length ?? 0;
  if (nc > 65535) throw apduError(`command data of ${nc} bytes exceeds 65535`);
  if (cmd.le !== undefined && (!Number.isInteger(cmd.le) || cmd.le < 1 || cmd.le > MAX_EXTENDED_NE)) {
    throw apduError(`Ne must be 1..65536, got ${cmd.le}`);
  }
  const extended = needsExtended(cmd);
  const out: number[] = [cmd.cla, cmd.ins, cmd.p1, cmd.p2];
  if (nc > 0) {
    if (extended) out.push(0x00, nc >> 8, nc & 0xff);
    else out.push(nc);
    for (const b of cmd.data!) out.push(b);
  }
  if (cmd.le !== undefined) {
    if (extended) {
      const le = cmd.le === MAX_EXTENDED_NE ? 0 : cmd.le;
      // Case 2E has a leading 00; in case 4E the Lc field already announced the extended form.
      if (nc === 0) out.push(0x00);
      out.push(le >> 8, le & 0xff);
    } else {
      out.push(cmd.le === MAX_SHORT_NE ? 0 : cmd.le);
    }
  }
  return Uint8Array.from(out);
}

/**
 * Parses a command APDU (the card side). Throws KioskError `card.apdu-invalid` when the bytes do
 * not form any of the seven ISO 7816-3 cases; a card answers that with 6700.
 */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  const n = bytes.length;
  if (n < 4) throw apduError(`command APDU of ${n} bytes is shorter than a header`);
  const head = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  if (n === 4) return head; // case 1
  const b0 = bytes[4]!;
  if (n === 5) return { ...head, le: b0 === 0 ? MAX_SHORT_NE : b0 }; // case 2S
  if (b0 !== 0) {
    // Short Lc: case 3S or 4S.
    const nc = b0;
    if (n === 5 + nc) return { ...head, data: bytes.slice(5, 5 + nc) };
    if (n === 6 + nc) {
      const le = bytes[5 + nc]!;
      return { ...head, data: bytes.slice(5, 5 + nc), le: le === 0 ? MAX_SHORT_NE : le };
    }
    throw apduError(`short Lc ${nc} does not match a ${n}-byte APDU`);
  }
  // b0 = 00 and more bytes follow: extended form.
  if (n === 7) {
    const le = (bytes[5]! << 8) | bytes[6]!;
    return { ...head, le: le === 0 ? MAX_EXTENDED_NE : le, extended: true }; // case 2E
  }
  if (n < 7) throw apduError(`extended APDU of ${n} bytes is truncated`);
  const nc = (bytes[5]! << 8) | bytes[6]!;
  if (nc === 0) throw apduError('extended Lc of zero');
  if (n === 7 + nc) return { ...head, data: bytes.slice(7, 7 + nc), extended: true }; // case 3E
  if (n === 9 + nc) {
    const le = (bytes[7 + nc]! << 8) | bytes[8 + nc]!;
    return { ...head, data: bytes.slice(7, 7 + nc), le: le === 0 ? MAX_EXTENDED_NE : le, extended: true }; // case 4E
  }
  throw apduError(`extended Lc ${nc} does not match a ${n}-byte APDU`);
}

/** Splits a response APDU into data and status word. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) {
    throw new KioskError({
      code: 'card.response-invalid',
      technicianMessage: `response APDU of ${bytes.length} bytes has no status word`,
      citizenMessage: 'Không đọc được thẻ. Xin vui lòng đặt lại thẻ vào đầu đọc.',
      retryable: true,
    });
  }
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponse(resp: ResponseApdu): Uint8Array {
  const out = new Uint8Array(resp.data.length + 2);
  out.set(resp.data, 0);
  out[resp.data.length] = sw1(resp.sw);
  out[resp.data.length + 1] = sw2(resp.sw);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw apduError('malformed hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Minimal big-endian encoding of a non-negative integer (at least one byte), for DO '54' offsets. */
export function encodeUnsigned(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return Uint8Array.from(bytes);
}

/** BER length field for `length` (short form below 0x80, then 81/82/83). */
export function encodeBerLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const body = encodeUnsigned(length);
  return Uint8Array.of(0x80 | body.length, ...body);
}

/**
 * Reads one BER-TLV header (tag and length) at the start of `bytes`. Returns null when `bytes`
 * is too short to hold the whole header; throws `card.file-malformed` when it is not BER.
 */
export function parseTlvHeader(bytes: Uint8Array): { tag: number; headerLength: number; valueLength: number } | null {
  const malformed = (why: string) =>
    new KioskError({ code: 'card.file-malformed', technicianMessage: `file does not start with a BER-TLV header: ${why}` });
  if (bytes.length < 1) return null;
  let at = 0;
  let tag = bytes[at++]!;
  if (tag === 0x00 || tag === 0xff) throw malformed(`tag byte ${tag.toString(16)}`);
  if ((tag & 0x1f) === 0x1f) {
    let more = true;
    let count = 0;
    while (more) {
      if (at >= bytes.length) return null;
      const b = bytes[at++]!;
      if (++count > 3) throw malformed('tag longer than 4 bytes');
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
    }
  }
  if (at >= bytes.length) return null;
  const first = bytes[at++]!;
  let valueLength: number;
  if (first < 0x80) valueLength = first;
  else {
    const count = first & 0x7f;
    if (count === 0) throw malformed('indefinite length');
    if (count > 4) throw malformed(`length of ${count} bytes`);
    if (at + count > bytes.length) return null;
    valueLength = 0;
    for (let i = 0; i < count; i++) valueLength = valueLength * 256 + bytes[at++]!;
  }
  return { tag, headerLength: at, valueLength };
}
