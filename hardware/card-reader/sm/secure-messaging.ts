// Runs in: Node (engine) and Electron (no Node imports). Pure apart from its SSC state.
// ICAO 9303-11 §9.8 secure messaging, both ends of the wire:
//  - SecureMessaging (reader side) wraps commands and unwraps responses; every response MAC is
//    checked before a byte of its data is released, and a failure is KioskError card.sm-integrity.
//  - CardSecureMessaging (chip side, used by the virtual CCCD) does the mirror image.
import { KioskError } from '../../../src/shared/errors';
import { concat, equalBytes } from '../crypto/bytes';
import type { CipherAlg } from '../crypto/kdf';
import { pad, unpad } from '../crypto/mac';
import { encodeApdu, parseApdu, type CommandApdu } from './apdu';
import { createSmCipher, incrementSsc, type SmCipher } from './cipher';
import { encodeTlv, readAll, TlvError, type Tlv } from './tlv';

export interface SmSessionKeys {
  alg: CipherAlg;
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  /** Initial send sequence counter: 8 bytes (3DES) or 16 bytes (AES). Copied, not aliased. */
  ssc: Uint8Array;
}

/** The wrapper shape the ISO 7816-4 layer plugs in (`Iso7816Card.setWrapper`). */
export interface ApduWrapper {
  wrap(command: Uint8Array): Uint8Array;
  unwrap(response: Uint8Array): Uint8Array;
}

export function smIntegrityError(detail: string, cause?: unknown): KioskError {
  return new KioskError({
    code: 'card.sm-integrity',
    technicianMessage: `secure messaging check failed: ${detail}`,
    citizenMessage: 'Không đọc được thẻ an toàn. Xin vui lòng rút thẻ ra, đặt lại và thử lại.',
    retryable: true,
    cause,
  });
}

/** Largest Ne that still fits a short-APDU protected response (data + padding + DO87/99/8E overhead). */
export const MAX_SHORT_SM_NE = 223;

const isOddIns = (ins: number): boolean => (ins & 1) === 1;

function encodeDo97(ne: number): Uint8Array {
  if (ne <= 256) return Uint8Array.of(0x97, 0x01, ne === 256 ? 0 : ne);
  return Uint8Array.of(0x97, 0x02, ne >= 65536 ? 0 : ne >> 8, ne >= 65536 ? 0 : ne & 0xff);
}

function encryptedDo(cipher: SmCipher, ssc: Uint8Array, ins: number, data: Uint8Array): Uint8Array {
  const enc = cipher.encrypt(pad(data, cipher.blockSize), ssc);
  // Odd INS (e.g. B1) carries BER-TLV data: DO'85' without the padding-indicator byte.
  return isOddIns(ins) ? encodeTlv(0x85, enc) : encodeTlv(0x87, concat(Uint8Array.of(0x01), enc));
}

export class SecureMessaging implements ApduWrapper {
  readonly alg: CipherAlg;
  private readonly cipher: SmCipher;
  private readonly sscState: Uint8Array;

  constructor(keys: SmSessionKeys) {
    this.alg = keys.alg;
    this.cipher = createSmCipher(keys.alg, keys.ksEnc, keys.ksMac);
    this.sscState = Uint8Array.from(keys.ssc);
  }

  /** Current SSC (copy), for tests and diagnostics. */
  get ssc(): Uint8Array {
    return Uint8Array.from(this.sscState);
  }

  wrapCommand(cmd: CommandApdu): Uint8Array {
    if ((cmd.cla & 0x0c) === 0x0c) throw smIntegrityError('command is already SM-protected');
    const cla = (cmd.cla | 0x0c) & 0xff;
    const header = Uint8Array.of(cla, cmd.ins, cmd.p1, cmd.p2);
    incrementSsc(this.sscState);
    const do87 = cmd.data.length > 0 ? encryptedDo(this.cipher, this.sscState, cmd.ins, cmd.data) : new Uint8Array(0);
    const do97 = cmd.ne !== undefined ? encodeDo97(cmd.ne) : new Uint8Array(0);
    const mac = this.cipher.mac(concat(this.sscState, pad(header, this.cipher.blockSize), do87, do97));
    const body = concat(do87, do97, Uint8Array.of(0x8e, 0x08), mac);
    const extended = body.length > 255 || (cmd.ne !== undefined && cmd.ne > MAX_SHORT_SM_NE);
    return encodeApdu({ cla, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, ne: extended ? 65536 : 256 }, extended);
  }

  wrap(command: Uint8Array): Uint8Array {
    return this.wrapCommand(parseApdu(command));
  }

  /**
   * Verifies and decrypts a protected response; returns plain data || SW1 SW2.
   * A bare status word is passed through only when it is an error (it carries no data); a bare
   * 9000 would let a forged "success" through, so it is rejected.
   */
  unwrap(response: Uint8Array): Uint8Array {
    incrementSsc(this.sscState);
    if (response.length < 2) throw smIntegrityError(`response of ${response.length} bytes`);
    const sw1 = response[response.length - 2]!;
    const body = response.subarray(0, response.length - 2);
    if (body.length === 0) {
      if (sw1 === 0x90 || sw1 === 0x61 || sw1 === 0x62 || sw1 === 0x63) {
        throw smIntegrityError(`unprotected status ${sw1.toString(16)}xx where a MAC was required`);
      }
      return Uint8Array.from(response);
    }
    let objects: Tlv[];
    try {
      objects = readAll(body);
    } catch (e) {
      throw smIntegrityError(e instanceof TlvError ? e.message : 'unparseable data objects', e);
    }
    const macIndex = objects.findIndex((o) => o.tag === 0x8e);
    if (macIndex < 0) throw smIntegrityError('DO8E missing');
    if (macIndex !== objects.length - 1) throw smIntegrityError('data after DO8E');
    const macObj = objects[macIndex]!;
    const covered = objects.slice(0, macIndex);
    const expected = this.cipher.mac(concat(this.sscState, ...covered.map((o) => o.raw)));
    if (macObj.value.length !== 8 || !equalBytes(macObj.value, expected)) throw smIntegrityError('response MAC mismatch');
    const do99 = covered.find((o) => o.tag === 0x99);
    if (!do99 || do99.value.length !== 2) throw smIntegrityError('DO99 missing or malformed');
    const enc = covered.find((o) => o.tag === 0x87 || o.tag === 0x85);
    let data: Uint8Array = new Uint8Array(0);
    if (enc) {
      let cryptogram = enc.value;
      if (enc.tag === 0x87) {
        if (cryptogram[0] !== 0x01) throw smIntegrityError('DO87 padding indicator is not 01');
        cryptogram = cryptogram.subarray(1);
      }
      if (cryptogram.length === 0 || cryptogram.length % this.cipher.blockSize !== 0) throw smIntegrityError('cryptogram length');
      const plain = unpad(this.cipher.decrypt(cryptogram, this.sscState));
      if (!plain) throw smIntegrityError('bad padding in decrypted data');
      data = plain;
    }
    return concat(data, do99.value);
  }
}

/** Chip-side result of unwrapping a command: the plain APDU, or null when it must be refused. */
export type UnwrappedCommand = { ok: true; apdu: CommandApdu } | { ok: false; sw: number };

export class CardSecureMessaging {
  private readonly cipher: SmCipher;
  private readonly sscState: Uint8Array;

  constructor(keys: SmSessionKeys) {
    this.cipher = createSmCipher(keys.alg, keys.ksEnc, keys.ksMac);
    this.sscState = Uint8Array.from(keys.ssc);
  }

  /** 6987 = expected SM data objects missing, 6988 = SM data objects incorrect (ISO 7816-4). */
  unwrapCommand(raw: Uint8Array): UnwrappedCommand {
    incrementSsc(this.sscState);
    let apdu: CommandApdu;
    let objects: Tlv[];
    try {
      apdu = parseApdu(raw);
      objects = readAll(apdu.data);
    } catch {
      return { ok: false, sw: 0x6988 };
    }
    if ((apdu.cla & 0x0c) !== 0x0c) return { ok: false, sw: 0x6987 };
    const macIndex = objects.findIndex((o) => o.tag === 0x8e);
    if (macIndex < 0 || macIndex !== objects.length - 1) return { ok: false, sw: 0x6987 };
    const covered = objects.slice(0, macIndex);
    const header = Uint8Array.of(apdu.cla, apdu.ins, apdu.p1, apdu.p2);
    const expected = this.cipher.mac(concat(this.sscState, pad(header, this.cipher.blockSize), ...covered.map((o) => o.raw)));
    if (!equalBytes(objects[macIndex]!.value, expected)) return { ok: false, sw: 0x6988 };
    let data: Uint8Array = new Uint8Array(0);
    let ne: number | undefined;
    for (const o of covered) {
      if (o.tag === 0x87 || o.tag === 0x85) {
        let c = o.value;
        if (o.tag === 0x87) {
          if (c[0] !== 0x01) return { ok: false, sw: 0x6988 };
          c = c.subarray(1);
        }
        if (c.length === 0 || c.length % this.cipher.blockSize !== 0) return { ok: false, sw: 0x6988 };
        const plain = unpad(this.cipher.decrypt(c, this.sscState));
        if (!plain) return { ok: false, sw: 0x6988 };
        data = Uint8Array.from(plain);
      } else if (o.tag === 0x97) {
        if (o.value.length === 1) ne = o.value[0] === 0 ? 256 : o.value[0];
        else if (o.value.length === 2) ne = ((o.value[0]! << 8) | o.value[1]!) || 65536;
        else return { ok: false, sw: 0x6988 };
      } else {
        return { ok: false, sw: 0x6988 };
      }
    }
    const cmd: CommandApdu = { cla: apdu.cla & ~0x0c & 0xff, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data };
    if (ne !== undefined) cmd.ne = ne;
    return { ok: true, apdu: cmd };
  }

  wrapResponse(data: Uint8Array, sw: number, ins = 0xb0): Uint8Array {
    incrementSsc(this.sscState);
    const do87 = data.length > 0 ? encryptedDo(this.cipher, this.sscState, ins, data) : new Uint8Array(0);
    const do99 = Uint8Array.of(0x99, 0x02, sw >> 8, sw & 0xff);
    const mac = this.cipher.mac(concat(this.sscState, do87, do99));
    return concat(do87, do99, Uint8Array.of(0x8e, 0x08), mac, Uint8Array.of(sw >> 8, sw & 0xff));
  }
}
