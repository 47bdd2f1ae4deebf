// Runs in: Node (engine). ISO/IEC 7816-4 commands over a CardChannel: transport-level response
// chaining (61xx, 6Cxx), SELECT, READ BINARY (B0/B1, SFI), read-size negotiation and whole-file
// reads. Secure messaging plugs in through ApduWrapper, so the same code reads plain and
// protected files.
import { KioskError } from '../../../src/shared/errors';
import type { CardChannel } from '../transport/types';
import {
  MAX_EXTENDED_NE,
  MAX_SHORT_NE,
  SW,
  concatBytes,
  decodeResponse,
  encodeBerLength,
  encodeCommand,
  encodeUnsigned,
  hexSw,
  parseTlvHeader,
  sw1,
  sw2,
  type CommandApdu,
  type ResponseApdu,
} from './apdu';

/**
 * Secure-messaging hook. `wrap` turns a plain command into the protected one sent to the card;
 * `unwrap` turns the card's complete response (after 61xx chaining) back into the plain one. It
 * throws a KioskError when the response MAC does not verify, so a tampered response never
 * becomes data.
 */
export interface ApduWrapper {
  wrap(cmd: CommandApdu): CommandApdu;
  unwrap(resp: ResponseApdu): ResponseApdu;
}

export interface Iso7816CardOptions {
  /**
   * Largest READ BINARY Ne to try first. Default 0xDF (223): with secure messaging the protected
   * response still fits a short APDU. Above 256 the reads use extended length.
   */
  maxReadLength?: number;
  /** Bytes read first to learn a file's length from its TLV header. Default 8. */
  readAheadLength?: number;
  /** Refuse files whose TLV header claims more than this many bytes. Default 1 MiB. */
  maxFileLength?: number;
}

/** Where a file is: by FID (selected first) or by short EF identifier (read directly). */
export type FileRef = { fid: number } | { sfi: number };

export interface CardStats {
  /** APDUs sent to the card, GET RESPONSE and re-issues included. */
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
  /** Times the read size was lowered after the card refused a length. */
  readBackoffs: number;
}

export interface ReadFileOptions {
  onProgress?: (read: number, total: number) => void;
}

/** Read lengths to fall back through, largest first. */
const BACKOFF_LADDER = [65536, 32768, 16384, 8192, 4096, 2048, 1024, 512, 256, 0xdf, 0xa0, 0x80, 0x60, 0x40, 0x20, 0x10, 0x08, 0x01];

const CITIZEN_READ_FAILED = 'Không đọc được thẻ căn cước. Xin vui lòng đặt lại thẻ vào đầu đọc.';

/** The KioskError for a status word that ends a command. */
export function statusError(sw: number, what: string): KioskError {
  switch (sw) {
    case SW.FILE_NOT_FOUND:
      return new KioskError({ code: 'card.file-not-found', technicianMessage: `${what}: file or application not found (SW 6A82)`, citizenMessage: CITIZEN_READ_FAILED });
    case SW.SECURITY_NOT_SATISFIED:
      return new KioskError({ code: 'card.access-denied', technicianMessage: `${what}: security status not satisfied (SW 6982)`, citizenMessage: CITIZEN_READ_FAILED });
    case SW.WRONG_P1P2_OFFSET:
      return new KioskError({ code: 'card.offset-beyond-file', technicianMessage: `${what}: offset beyond the end of the file (SW 6B00)`, citizenMessage: CITIZEN_READ_FAILED });
    case SW.SM_DATA_OBJECTS_INCORRECT:
      return new KioskError({ code: 'card.sm-rejected', technicianMessage: `${what}: card rejected the secure-messaging objects (SW 6988)`, citizenMessage: CITIZEN_READ_FAILED, retryable: true });
    default:
      return new KioskError({ code: 'card.status', technicianMessage: `${what}: card answered SW ${hexSw(sw)}`, citizenMessage: CITIZEN_READ_FAILED });
  }
}

function checkFid(fid: number): void {
  if (!Number.isInteger(fid) || fid < 0 || fid > 0xffff) throw new KioskError({ code: 'card.apdu-invalid', technicianMessage: `file identifier out of range: ${fid}` });
}

function checkSfi(sfi: number): void {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) throw new KioskError({ code: 'card.apdu-invalid', technicianMessage: `short EF identifier out of range: ${sfi}` });
}

/** Ne that can be requested when `want` data bytes are needed through DO '53' (odd INS). */
function b1Ne(want: number): number {
  return Math.min(MAX_EXTENDED_NE, want + 1 + encodeBerLength(want).length);
}

/** Extracts the data of the DO '53' an odd-INS READ BINARY answers with. */
function parseDo53(data: Uint8Array): Uint8Array {
  if (data.length === 0) return data;
  const header = data[0] === 0x53 ? parseTlvHeader(data) : null;
  if (!header || header.headerLength + header.valueLength > data.length) {
    throw new KioskError({ code: 'card.response-invalid', technicianMessage: 'odd-INS READ BINARY response is not a DO 53', citizenMessage: CITIZEN_READ_FAILED, retryable: true });
  }
  return data.slice(header.headerLength, header.headerLength + header.valueLength);
}

export class Iso7816Card {
  readonly channel: CardChannel;
  readonly stats: CardStats = { apdus: 0, bytesSent: 0, bytesReceived: 0, readBackoffs: 0 };
  private wrapper: ApduWrapper | null = null;
  private readLength: number;
  private readonly readAhead: number;
  private readonly maxFileLength: number;

  constructor(channel: CardChannel, options: Iso7816CardOptions = {}) {
    this.channel = channel;
    this.readLength = Math.max(1, Math.min(MAX_EXTENDED_NE, options.maxReadLength ?? 0xdf));
    this.readAhead = options.readAheadLength ?? 8;
    this.maxFileLength = options.maxFileLength ?? 1 << 20;
  }

  /** Installs (or removes, with null) the secure-messaging wrapper for all later commands. */
  setWrapper(wrapper: ApduWrapper | null): void {
    this.wrapper = wrapper;
  }

  get secureMessaging(): boolean {
    return this.wrapper !== null;
  }

  /**
   * Raises the READ BINARY Ne to use from now on (after a probe showed the card and reader carry
   * extended-length APDUs). Back-off may still lower it again.
   */
  useReadLength(n: number): void {
    this.readLength = Math.max(1, Math.min(MAX_EXTENDED_NE, n));
  }

  /** READ BINARY Ne currently in use (lowered by back-off, never raised again). */
  get maxReadLength(): number {
    return this.readLength;
  }

  /**
   * Sends one logical command: wrapped if a wrapper is set, 61xx answered with GET RESPONSE below
   * the wrapper (the chained bytes are the protected response), 6Cxx answered by re-issuing the
   * command with the Ne the card asked for. Returns the (unwrapped) response; never throws on a
   * status word, only on transport or secure-messaging failure.
   */
  async transmit(cmd: CommandApdu): Promise<ResponseApdu> {
    let current = cmd;
    for (let attempt = 0; ; attempt++) {
      const sent = this.wrapper ? this.wrapper.wrap(current) : current;
      const raw = await this.exchangeChained(sent);
      const resp = this.wrapper ? this.wrapper.unwrap(raw) : raw;
      if (sw1(resp.sw) === 0x6c && attempt < 2 && current.le !== undefined) {
        current = { ...current, le: sw2(resp.sw) === 0 ? MAX_SHORT_NE : sw2(resp.sw) };
        continue;
      }
      return resp;
    }
  }

  /** One raw APDU exchange, counted. */
  private async exchange(cmd: CommandApdu): Promise<ResponseApdu> {
    const bytes = encodeCommand(cmd);
    this.stats.apdus++;
    this.stats.bytesSent += bytes.length;
    const resp = await this.channel.transmit(bytes);
    this.stats.bytesReceived += resp.length;
    return decodeResponse(resp);
  }

  /** Exchanges `cmd` and follows 61xx with GET RESPONSE until the card has given everything. */
  private async exchangeChained(cmd: CommandApdu): Promise<ResponseApdu> {
    let resp = await this.exchange(cmd);
    if (sw1(resp.sw) !== 0x61) return resp;
    const parts: Uint8Array[] = [resp.data];
    let total = resp.data.length;
    // Bounded: a card that keeps answering 61xx forever must not hang the kiosk.
    for (let rounds = 0; sw1(resp.sw) === 0x61; rounds++) {
      if (rounds > 1024 || total > MAX_EXTENDED_NE + 4096) {
        throw new KioskError({ code: 'card.response-invalid', technicianMessage: 'card kept answering 61xx beyond any plausible response length', citizenMessage: CITIZEN_READ_FAILED, retryable: true });
      }
      const ne = sw2(resp.sw) === 0 ? MAX_SHORT_NE : sw2(resp.sw);
      resp = await this.exchange({ cla: cmd.cla & 0x03, ins: 0xc0, p1: 0, p2: 0, le: ne });
      parts.push(resp.data);
      total += resp.data.length;
    }
    return { data: concatBytes(...parts), sw: resp.sw };
  }

  /** Sends `cmd` and throws the matching KioskError unless the card answers 9000. */
  async expectOk(cmd: CommandApdu, what: string): Promise<Uint8Array> {
    const resp = await this.transmit(cmd);
    if (resp.sw !== SW.OK) throw statusError(resp.sw, what);
    return resp.data;
  }

  /**
   * SELECT by file identifier. P1 02 (EF under the current DF) by default, as eMRTDs expect;
   * P2 0C asks for no FCI (pass `fci: true` to get the FCP template).
   */
  async selectFile(fid: number, options: { p1?: number; fci?: boolean } = {}): Promise<Uint8Array> {
    checkFid(fid);
    const data = Uint8Array.of(fid >> 8, fid & 0xff);
    return this.expectOk(
      { cla: 0x00, ins: 0xa4, p1: options.p1 ?? 0x02, p2: options.fci ? 0x04 : 0x0c, data, ...(options.fci ? { le: MAX_SHORT_NE } : {}) },
      `SELECT ${fid.toString(16).padStart(4, '0')}`,
    );
  }

  /** SELECT by DF name (application identifier). */
  async selectApplication(aid: Uint8Array, options: { fci?: boolean } = {}): Promise<Uint8Array> {
    if (aid.length < 1 || aid.length > 16) throw new KioskError({ code: 'card.apdu-invalid', technicianMessage: `AID of ${aid.length} bytes` });
    return this.expectOk({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: options.fci ? 0x00 : 0x0c, data: aid, ...(options.fci ? { le: MAX_SHORT_NE } : {}) }, 'SELECT application');
  }

  /**
   * One READ BINARY of up to `length` bytes at `offset` of the current EF (or of the EF with short
   * identifier `sfi`, which the card then selects). Offsets above 0x7FFF use odd INS B1. Returns
   * the bytes the card gave (fewer at the end of the file), or `null` when the card refused the
   * length (6700, or 6282 without data) so the caller can back off.
   */
  async readBinary(offset: number, length: number, sfi?: number): Promise<Uint8Array | null> {
    if (!Number.isInteger(offset) || offset < 0 || offset > 0xffffff) throw new KioskError({ code: 'card.apdu-invalid', technicianMessage: `READ BINARY offset ${offset}` });
    if (!Number.isInteger(length) || length < 1 || length > MAX_EXTENDED_NE) throw new KioskError({ code: 'card.apdu-invalid', technicianMessage: `READ BINARY length ${length}` });
    if (sfi !== undefined) checkSfi(sfi);
    let cmd: CommandApdu;
    const odd = offset > 0x7fff;
    if (odd) {
      const offsetDo = encodeUnsigned(offset);
      // Ne covers DO 53's header too, but never beyond the negotiated size: the card then
      // returns a few bytes fewer, which the caller takes as a short read.
      const le = Math.min(b1Ne(length), Math.max(length, this.readLength));
      cmd = { cla: 0x00, ins: 0xb1, p1: 0x00, p2: sfi ?? 0x00, data: Uint8Array.of(0x54, offsetDo.length, ...offsetDo), le };
    } else if (sfi !== undefined && offset <= 0xff) {
      cmd = { cla: 0x00, ins: 0xb0, p1: 0x80 | sfi, p2: offset, le: length };
    } else {
      cmd = { cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: length };
    }
    const resp = await this.transmit(cmd);
    const data = odd ? parseDo53(resp.data) : resp.data;
    if (resp.sw === SW.OK) return data;
    if (resp.sw === SW.END_OF_FILE) return data.length > 0 ? data : null;
    if (resp.sw === SW.WRONG_LENGTH) return null;
    throw statusError(resp.sw, `READ BINARY at ${offset}`);
  }

  /** Lowers the negotiated read length one step; throws when nothing smaller is left. */
  private backOff(offset: number): void {
    const next = BACKOFF_LADDER.find((n) => n < this.readLength);
    if (next === undefined) {
      throw new KioskError({ code: 'card.read-length', technicianMessage: `card refused every READ BINARY length at offset ${offset}`, citizenMessage: CITIZEN_READ_FAILED, retryable: true });
    }
    this.readLength = next;
    this.stats.readBackoffs++;
  }

  /**
   * Reads `length` bytes from `offset` in as few APDUs as the card allows, backing off the read
   * size when the card refuses it. The negotiated size is kept for later reads.
   */
  async readRange(offset: number, length: number, sfi?: number, onChunk?: (read: number) => void): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    let got = 0;
    let useSfi = sfi;
    while (got < length) {
      const at = offset + got;
      // With secure messaging the card's reply grows by the SM objects, so stay within one
      // short response unless the caller raised the limit deliberately.
      const want = Math.min(length - got, this.readLength);
      const chunk = await this.readBinary(at, want, useSfi !== undefined && at <= 0xff ? useSfi : undefined);
      if (chunk === null) {
        this.backOff(at);
        continue;
      }
      if (chunk.length === 0) {
        throw new KioskError({ code: 'card.file-truncated', technicianMessage: `file ended at ${at}, ${length - got} bytes short of its declared length`, citizenMessage: CITIZEN_READ_FAILED });
      }
      const take = Math.min(chunk.length, length - got);
      out.set(chunk.subarray(0, take), got);
      got += take;
      // After a read by SFI the card has selected the EF; later reads go without it.
      useSfi = undefined;
      onChunk?.(got);
    }
    return out;
  }

  /**
   * Reads a whole TLV-structured EF (every eMRTD file is one BER-TLV object): the first
   * `readAheadLength` bytes give its length, then the rest in negotiated chunks. By `{ fid }`
   * the file is selected first; by `{ sfi }` it is read directly.
   */
  async readFile(ref: FileRef, options: ReadFileOptions = {}): Promise<Uint8Array> {
    let sfi: number | undefined;
    if ('fid' in ref) await this.selectFile(ref.fid);
    else {
      checkSfi(ref.sfi);
      sfi = ref.sfi;
    }
    let head: Uint8Array | null = null;
    for (let ahead = Math.min(this.readAhead, this.readLength); head === null; ahead >>= 1) {
      if (ahead < 1) {
        throw new KioskError({ code: 'card.read-length', technicianMessage: 'card refused every read-ahead length at offset 0', citizenMessage: CITIZEN_READ_FAILED, retryable: true });
      }
      head = await this.readBinary(0, ahead, sfi);
    }
    let header = parseTlvHeader(head);
    if (header === null) {
      // A multi-byte tag with a long-form length can need more than the read-ahead.
      head = concatBytes(head, await this.readRange(head.length, 8));
      header = parseTlvHeader(head);
      if (header === null) throw new KioskError({ code: 'card.file-malformed', technicianMessage: 'TLV header longer than 16 bytes' });
    }
    const total = header.headerLength + header.valueLength;
    if (total > this.maxFileLength) {
      throw new KioskError({ code: 'card.file-malformed', technicianMessage: `file declares ${total} bytes, above the ${this.maxFileLength}-byte limit` });
    }
    const first = head.subarray(0, Math.min(head.length, total));
    options.onProgress?.(first.length, total);
    if (first.length >= total) return first.slice();
    const rest = await this.readRange(first.length, total - first.length, undefined, (n) => options.onProgress?.(first.length + n, total));
    return concatBytes(first, rest);
  }
}
