// Runs in: Node (simulator). A generic ISO/IEC 7816-4 file-system card: SELECT (FID, DF name),
// READ BINARY (B0 with offset or SFI, B1 with offset DO '54'), GET RESPONSE, with the transport
// quirks real cards show (61xx chaining, 6Cxx, a maximum read length). The eMRTD applet builds on
// it through the hooks: extra commands, access control and secure messaging.
import {
  MAX_EXTENDED_NE,
  MAX_SHORT_NE,
  SW,
  concatBytes,
  decodeCommand,
  encodeBerLength,
  encodeResponse,
  fromHex,
  parseTlvHeader,
  type CommandApdu,
  type ResponseApdu,
} from '../../card-reader/iso7816/apdu';
import type { CardApplet } from './applet';

/** A dedicated file holding EFs: the MF, or an application selected by AID. */
export interface FsDirectory {
  /** EF contents by file identifier. */
  files: Map<number, Uint8Array>;
  /** Short EF identifier (1..30) -> file identifier. */
  sfi?: Map<number, number>;
}

export interface FsApplication extends FsDirectory {
  aid: Uint8Array;
}

/** What the current command is about to touch, for the access-control hook. */
export interface AccessRequest {
  op: 'select' | 'read';
  /** 'mf' or the application's AID in hex. */
  df: string;
  fid: number;
  /** Whether this command arrived under secure messaging (as reported by the SM hook). */
  secure: boolean;
}

/**
 * Secure-messaging hook. `unwrapCommand` gets every command except GET RESPONSE; it returns the
 * plain command, `null` when the command is not protected (it is then processed as is), or a
 * status word to answer at once (6987/6988 for bad SM objects). `wrapResponse` protects the
 * response to a command that arrived protected.
 */
export interface SecureMessagingHook {
  unwrapCommand(cmd: CommandApdu): CommandApdu | null | { sw: number };
  wrapResponse(resp: ResponseApdu, cmd: CommandApdu): ResponseApdu;
}

export interface FileSystemHooks {
  /** Return a status word to refuse (6982 = security status not satisfied), or null to allow. */
  checkAccess?(request: AccessRequest): number | null;
  /**
   * Commands the file system does not know (GET CHALLENGE, MUTUAL AUTHENTICATE, MSE, GENERAL
   * AUTHENTICATE…) or wants overridden. Return null to fall through to the built-ins.
   */
  command?(cmd: CommandApdu, context: { secure: boolean }): ResponseApdu | null;
  secureMessaging?: SecureMessagingHook;
  /** Called on power-on and reset, to drop sessions. */
  reset?(): void;
}

export interface FileSystemQuirks {
  /** Deliver response data in pieces: answer 61xx and hand the data out through GET RESPONSE. */
  useGetResponse61xx?: boolean;
  /** When fewer bytes remain than Ne asks for (short APDU), answer 6Cxx instead of data + 6282. */
  require6CxxRetry?: boolean;
  /** Largest READ BINARY Ne accepted; larger ones get 6700. */
  maxReadLength?: number;
  /** Status word for an Ne above maxReadLength: 6700 (default) or 6282 without data. */
  tooLongStatus?: number;
  /** Answer SELECT of the MF (3F00) with 6D00, as the Vietnamese CCCD does. */
  rejectSelectMf?: boolean;
}

export interface FileSystemAppletOptions {
  atr?: Uint8Array;
  /** EFs of the MF. */
  files?: Map<number, Uint8Array>;
  /** SFI map of the MF. */
  sfi?: Map<number, number>;
  applications?: FsApplication[];
  /** Largest response data field the card returns at once (256, or up to 65536 with extended length). */
  maxResponse?: number;
  /** Accept extended-length APDUs (otherwise they get 6700). */
  extendedLength?: boolean;
  quirks?: FileSystemQuirks;
  hooks?: FileSystemHooks;
}

/** A T=1 ATR with historical bytes "MOTCUA-FS", so tests can tell the simulator apart. */
export const DEFAULT_FS_ATR = fromHex('3B89800150' + Buffer.from('MOTCUAFS', 'ascii').toString('hex') + '00');

const r = (sw: number, data: Uint8Array = new Uint8Array(0)): ResponseApdu => ({ data, sw });

function aidHex(aid: Uint8Array): string {
  return Buffer.from(aid).toString('hex').toUpperCase();
}

export class FileSystemApplet implements CardApplet {
  readonly atr: Uint8Array;
  protected readonly mf: FsDirectory;
  protected readonly applications: FsApplication[];
  protected readonly maxResponse: number;
  protected readonly extendedLength: boolean;
  protected readonly quirks: FileSystemQuirks;
  protected readonly hooks: FileSystemHooks;
  /** Current DF: null = MF, else the selected application. */
  protected currentDf: FsApplication | null = null;
  protected currentEf: number | null = null;
  /** Response bytes (data + SW) still to be handed out by GET RESPONSE. */
  private pending: Uint8Array | null = null;

  constructor(options: FileSystemAppletOptions = {}) {
    this.atr = options.atr ?? DEFAULT_FS_ATR;
    this.mf = { files: options.files ?? new Map(), sfi: options.sfi ?? new Map() };
    this.applications = options.applications ?? [];
    this.extendedLength = options.extendedLength ?? false;
    this.maxResponse = Math.min(options.maxResponse ?? (this.extendedLength ? MAX_EXTENDED_NE : MAX_SHORT_NE), MAX_EXTENDED_NE);
    this.quirks = options.quirks ?? {};
    this.hooks = options.hooks ?? {};
  }

  reset(): void {
    this.currentDf = null;
    this.currentEf = null;
    this.pending = null;
    this.hooks.reset?.();
  }

  process(command: Uint8Array): Uint8Array {
    try {
      return encodeResponse(this.processTransport(command));
    } catch {
      // The contract: never throw on bad input. Anything unforeseen is an unknown error status.
      this.pending = null;
      return encodeResponse(r(SW.UNKNOWN));
    }
  }

  /** Transport level: APDU parsing, GET RESPONSE and 61xx chaining around the logical card. */
  protected processTransport(bytes: Uint8Array): ResponseApdu {
    let cmd: CommandApdu;
    try {
      cmd = decodeCommand(bytes);
    } catch {
      this.pending = null;
      return r(SW.WRONG_LENGTH);
    }
    if (cmd.ins === 0xc0 && (cmd.cla & 0xfc) === 0x00) return this.getResponse(cmd);
    this.pending = null;
    if (cmd.extended && !this.extendedLength) return r(SW.WRONG_LENGTH);
    const resp = this.processSecure(cmd);
    if (this.quirks.useGetResponse61xx && resp.data.length > 0) {
      this.pending = encodeResponse(resp);
      return r(0x6100 | Math.min(resp.data.length, 0xff));
    }
    return resp;
  }

  private getResponse(cmd: CommandApdu): ResponseApdu {
    const pending = this.pending;
    if (!pending) return r(SW.CONDITIONS_NOT_SATISFIED);
    const dataLeft = pending.length - 2;
    const n = Math.min(cmd.le ?? MAX_SHORT_NE, dataLeft, MAX_SHORT_NE);
    const part = pending.slice(0, n);
    const remaining = dataLeft - n;
    if (remaining > 0) {
      this.pending = pending.slice(n);
      return r(0x6100 | Math.min(remaining, 0xff), part);
    }
    this.pending = null;
    return r((pending[pending.length - 2]! << 8) | pending[pending.length - 1]!, part);
  }

  /** Secure-messaging level: unwrap the command, run it, wrap the response. */
  protected processSecure(cmd: CommandApdu): ResponseApdu {
    const sm = this.hooks.secureMessaging;
    if (!sm) return this.processPlain(cmd, false);
    const unwrapped = sm.unwrapCommand(cmd);
    if (unwrapped === null) return this.processPlain(cmd, false);
    if ('sw' in unwrapped && !('ins' in unwrapped)) return r(unwrapped.sw);
    const plain = unwrapped as CommandApdu;
    return sm.wrapResponse(this.processPlain(plain, true), plain);
  }

  /** Logical level: the command set. */
  protected processPlain(cmd: CommandApdu, secure: boolean): ResponseApdu {
    const custom = this.hooks.command?.(cmd, { secure });
    if (custom) return custom;
    if ((cmd.cla & 0x80) !== 0) return r(SW.CLA_NOT_SUPPORTED);
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd, secure);
      case 0xb0:
      case 0xb1:
        return this.readBinary(cmd, secure);
      default:
        return r(SW.INS_NOT_SUPPORTED);
    }
  }

  protected dfName(): string {
    return this.currentDf ? aidHex(this.currentDf.aid) : 'mf';
  }

  protected directory(): FsDirectory {
    return this.currentDf ?? this.mf;
  }

  protected access(op: AccessRequest['op'], fid: number, secure: boolean): number | null {
    return this.hooks.checkAccess?.({ op, df: this.dfName(), fid, secure }) ?? null;
  }

  protected select(cmd: CommandApdu, secure: boolean): ResponseApdu {
    const data = cmd.data ?? new Uint8Array(0);
    const wantsFcp = (cmd.p2 & 0x0c) !== 0x0c;
    if (cmd.p1 === 0x04) {
      const app = this.applications.find((a) => aidHex(a.aid) === aidHex(data));
      if (!app) return r(SW.FILE_NOT_FOUND);
      this.currentDf = app;
      this.currentEf = null;
      return wantsFcp ? r(SW.OK, concatBytes(Uint8Array.of(0x6f, data.length + 2, 0x84, data.length), data)) : r(SW.OK);
    }
    if (cmd.p1 === 0x00 && (data.length === 0 || (data.length === 2 && data[0] === 0x3f && data[1] === 0x00))) {
      if (this.quirks.rejectSelectMf) return r(SW.INS_NOT_SUPPORTED);
      this.currentDf = null;
      this.currentEf = null;
      return r(SW.OK);
    }
    if ((cmd.p1 !== 0x00 && cmd.p1 !== 0x02) || data.length !== 2) return r(SW.INCORRECT_P1P2);
    const fid = (data[0]! << 8) | data[1]!;
    const file = this.directory().files.get(fid);
    if (!file) return r(SW.FILE_NOT_FOUND);
    const denied = this.access('select', fid, secure);
    if (denied !== null) return r(denied);
    this.currentEf = fid;
    if (!wantsFcp) return r(SW.OK);
    // FCP: file size (80) and identifier (83).
    return r(SW.OK, Uint8Array.of(0x62, 0x0a, 0x80, 0x04, (file.length >>> 24) & 0xff, (file.length >> 16) & 0xff, (file.length >> 8) & 0xff, file.length & 0xff, 0x83, 0x02, data[0]!, data[1]!));
  }

  /** Resolves the EF a READ BINARY addresses, selecting it when addressed by SFI or FID. */
  private resolveEf(sfi: number | null, fid: number | null, secure: boolean): { fid: number; data: Uint8Array } | number {
    const dir = this.directory();
    let target = this.currentEf;
    if (sfi !== null) {
      const mapped = dir.sfi?.get(sfi);
      if (mapped === undefined) return SW.FILE_NOT_FOUND;
      target = mapped;
    } else if (fid !== null) target = fid;
    if (target === null) return SW.COMMAND_NOT_ALLOWED_NO_EF;
    const data = dir.files.get(target);
    if (!data) return SW.FILE_NOT_FOUND;
    const denied = this.access('read', target, secure);
    if (denied !== null) return denied;
    this.currentEf = target;
    return { fid: target, data };
  }

  protected readBinary(cmd: CommandApdu, secure: boolean): ResponseApdu {
    let offset: number;
    let sfi: number | null = null;
    let fid: number | null = null;
    const odd = cmd.ins === 0xb1;
    if (!odd) {
      if (cmd.data) return r(SW.WRONG_LENGTH);
      if (cmd.p1 & 0x80) {
        if (cmd.p1 & 0x60) return r(SW.INCORRECT_P1P2);
        sfi = cmd.p1 & 0x1f;
        offset = cmd.p2;
      } else offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    } else {
      const p1p2 = (cmd.p1 << 8) | cmd.p2;
      if (p1p2 !== 0) {
        if (cmd.p1 === 0 && cmd.p2 <= 0x1f) sfi = cmd.p2;
        else fid = p1p2;
      }
      const body = cmd.data ?? new Uint8Array(0);
      let header: ReturnType<typeof parseTlvHeader>;
      try {
        header = parseTlvHeader(body);
      } catch {
        return r(SW.WRONG_DATA);
      }
      if (!header || header.tag !== 0x54 || header.valueLength < 1 || header.valueLength > 4 || header.headerLength + header.valueLength !== body.length) {
        return r(SW.WRONG_DATA);
      }
      offset = 0;
      for (let i = header.headerLength; i < body.length; i++) offset = offset * 256 + body[i]!;
    }
    if (cmd.le === undefined) return r(SW.WRONG_LENGTH);
    const ef = this.resolveEf(sfi, fid, secure);
    if (typeof ef === 'number') return r(ef);
    const maxRead = this.quirks.maxReadLength ?? this.maxResponse;
    if (cmd.le > maxRead) return r(this.quirks.tooLongStatus ?? SW.WRONG_LENGTH);
    const size = ef.data.length;
    if (offset > size) return r(SW.WRONG_P1P2_OFFSET);
    // Odd INS wraps the bytes in DO '53', whose header eats into Ne.
    let room = Math.min(cmd.le, this.maxResponse);
    if (odd) room -= 1 + encodeBerLength(room).length;
    const available = size - offset;
    const n = Math.max(0, Math.min(room, available));
    if (n < room && !odd && this.quirks.require6CxxRetry && !cmd.extended && n > 0) return r(0x6c00 | (n & 0xff));
    const bytes = ef.data.slice(offset, offset + n);
    const data = odd ? concatBytes(Uint8Array.of(0x53), encodeBerLength(n), bytes) : bytes;
    const shortOfNe = n < room && cmd.le <= this.maxResponse;
    return r(shortOfNe ? SW.END_OF_FILE : SW.OK, data);
  }
}

/** Factory for the common case. */
export function createFileSystemApplet(options: FileSystemAppletOptions = {}): FileSystemApplet {
  return new FileSystemApplet(options);
}
