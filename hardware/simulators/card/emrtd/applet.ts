// Runs in: Node (simulator). The chip side of an ICAO 9303 eMRTD (the virtual CCCD): BAC
// (GET CHALLENGE, EXTERNAL AUTHENTICATE), PACE ECDH Generic Mapping (MSE:Set AT + four chained
// GENERAL AUTHENTICATE), secure messaging with a MAC check on every command, and the LDS files
// behind SW 6982 until access control has run. EF.CardAccess stays readable in the clear.
// Built on the generic ISO 7816-4 file-system applet (SELECT / READ BINARY / GET RESPONSE).
import { constants, privateEncrypt, sign as nodeSign, type KeyObject } from 'node:crypto';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { hash } from '../../../card-reader/crypto/hash';
import { bigintToBytes, bytesToBigint, concat, equalBytes, xor } from '../../../card-reader/crypto/bytes';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../../../card-reader/crypto/des';
import { curveByParamId, decodePoint, encodePoint, multiplyBase, multiplyPoint, randomScalar, xCoordinate, type EcCurve, type EcPoint } from '../../../card-reader/crypto/ec';
import { kdf, KDF_ENC, KDF_MAC, type CipherAlg } from '../../../card-reader/crypto/kdf';
import { CA_SUITES } from '../../../card-reader/access/chip-auth';
import { pad, retailMac } from '../../../card-reader/crypto/mac';
import { bacKeys, type BacKeys } from '../../../card-reader/access/bac';
import { authToken, encryptNonce, initialSsc, mapGenerator, oidBytes, paceKeyFromPassword, paceSuite, sessionKeysFromSecret, tokenInput, type PaceSuite } from '../../../card-reader/access/pace';
import type { AccessKey, MrzKey } from '../../../card-reader/access/types';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from '../../../card-reader/iso7816/apdu';
import { CardSecureMessaging } from '../../../card-reader/sm/secure-messaging';
import { encodeTlv, readAll, readTlv } from '../../../card-reader/sm/tlv';
import type { CardApplet } from '../applet';
import { FileSystemApplet, type FileSystemQuirks } from '../fs-applet';

export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
export const FID_CARD_ACCESS = 0x011c;
export const FID_COM = 0x011e;
export const FID_SOD = 0x011d;
/** DG n lives at FID 0x0100 + n, short EF id n. */
export const fidForDg = (dg: number): number => 0x0100 + dg;

export interface PaceParams {
  /** PACEInfo protocol OID (dotted), e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128. */
  oid: string;
  /** Standardized domain parameter id: 13 brainpoolP256r1 (CCCD), 12 NIST P-256, … */
  parameterId: number;
}

/** Randomness the chip uses, injectable so a test can replay a published transcript. */
export interface ChipRandom {
  bytes(n: number): Uint8Array;
  scalar(curve: EcCurve): bigint;
}

export interface EmrtdFaults {
  /** Flip a bit in the MAC of the n-th protected response (1-based). */
  corruptResponseMacAt?: number;
}

export interface EmrtdDocument {
  /**
   * Files of the eMRTD application by FID (EF.COM 011E, EF.SOD 011D, DGs 0101..0110). EF.CardAccess
   * (011C), when present here or generated from `paceParams`, is served from the MF.
   */
  files: Map<number, Uint8Array>;
  can: string;
  mrzKey: MrzKey;
  /** PACE suite the chip offers. Absent and no EF.CardAccess: BAC only. */
  paceParams?: PaceParams;
  /** Answer BAC too (default true); a PACE-only chip refuses GET CHALLENGE. */
  bac?: boolean;
  /**
   * Active Authentication key; DG15 must hold the public half. Either a raw ECDSA scalar with its
   * curve param id, or a Node KeyObject: RSA (ISO 9796-2 scheme 1, SHA-1) or EC (SHA-256, plain r||s).
   */
  aaPrivateKey?: { paramId: number; scalar: bigint; hash?: 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' } | KeyObject;
  /** Chip Authentication static private key (EC); DG14 must hold the public half. */
  caPrivateKey?: { paramId: number; scalar: bigint } | KeyObject;
  atr?: Uint8Array;
  extendedLength?: boolean;
  quirks?: FileSystemQuirks;
  random?: ChipRandom;
  faults?: EmrtdFaults;
}

/** EF.CardAccess holding one PACEInfo (version 2) for the chip's suite. */
export function cardAccessFor(params: PaceParams): Uint8Array {
  const info = concat(
    encodeTlv(0x06, oidBytes(params.oid)),
    Uint8Array.of(0x02, 0x01, 0x02),
    Uint8Array.of(0x02, 0x01, params.parameterId),
  );
  return encodeTlv(0x31, encodeTlv(0x30, info));
}

const defaultRandom: ChipRandom = {
  bytes(n) {
    const b = new Uint8Array(n);
    globalThis.crypto.getRandomValues(b);
    return b;
  },
  scalar: (curve) => randomScalar(curve),
};

const res = (sw: number, data: Uint8Array = new Uint8Array(0)): ResponseApdu => ({ data, sw });

type PaceState =
  | { step: 'idle' }
  | { step: 'set'; suite: PaceSuite; curve: EcCurve; password: AccessKey }
  | { step: 'nonce'; suite: PaceSuite; curve: EcCurve; s: Uint8Array }
  | { step: 'mapped'; suite: PaceSuite; curve: EcCurve; g: EcPoint }
  | { step: 'agreed'; suite: PaceSuite; ksEnc: Uint8Array; ksMac: Uint8Array; own: EcPoint; peer: EcPoint };

/** The eMRTD chip state machine plugged into the file-system applet's hooks. */
class EmrtdChip {
  private sm: CardSecureMessaging | null = null;
  /** Keys from Chip Authentication: the answer to the CA command still goes out under the old ones. */
  private pendingSm: CardSecureMessaging | null = null;
  private caOid: string | null = null;
  private rndIc: Uint8Array | null = null;
  private pace: PaceState = { step: 'idle' };
  private protectedResponses = 0;
  private readonly bacKeys: BacKeys;
  private readonly random: ChipRandom;

  constructor(private readonly doc: EmrtdDocument) {
    this.bacKeys = bacKeys(doc.mrzKey);
    this.random = doc.random ?? defaultRandom;
  }

  reset(): void {
    this.sm = null;
    this.pendingSm = null;
    this.caOid = null;
    this.rndIc = null;
    this.pace = { step: 'idle' };
  }

  get authenticated(): boolean {
    return this.sm !== null;
  }

  checkAccess(fid: number, df: string, secure: boolean): number | null {
    if (df === 'mf' && fid === FID_CARD_ACCESS) return null;
    return secure ? null : 0x6982;
  }

  unwrapCommand(cmd: CommandApdu): CommandApdu | null | { sw: number } {
    if (!this.sm) return null;
    if ((cmd.cla & 0x0c) !== 0x0c) {
      // A plain command ends the secure channel (9303-11 §9.8.6): later reads need a new session.
      this.sm = null;
      return null;
    }
    const u = this.sm.unwrapCommand(encodeCommand(cmd));
    if (!u.ok) {
      this.sm = null;
      return { sw: u.sw };
    }
    const out: CommandApdu = { cla: u.apdu.cla, ins: u.apdu.ins, p1: u.apdu.p1, p2: u.apdu.p2 };
    if (u.apdu.data.length > 0) out.data = u.apdu.data;
    if (u.apdu.ne !== undefined) out.le = u.apdu.ne;
    return out;
  }

  wrapResponse(resp: ResponseApdu, cmd: CommandApdu): ResponseApdu {
    if (!this.sm) return resp;
    const wrapped = decodeResponse(this.sm.wrapResponse(resp.data, resp.sw, cmd.ins));
    if (this.pendingSm) {
      this.sm = this.pendingSm;
      this.pendingSm = null;
    }
    this.protectedResponses++;
    if (this.doc.faults?.corruptResponseMacAt === this.protectedResponses) {
      const d = Uint8Array.from(wrapped.data);
      d[d.length - 1]! ^= 0x01;
      return { data: d, sw: wrapped.sw };
    }
    return wrapped;
  }

  command(cmd: CommandApdu, secure: boolean): ResponseApdu | null {
    if (secure) {
      if (cmd.ins === 0x88) return this.internalAuthenticate(cmd);
      if (cmd.ins === 0x22 && cmd.p1 === 0x41) return this.caMse(cmd);
      if (cmd.ins === 0x86) return this.caGeneralAuthenticate(cmd);
      return null;
    }
    switch (cmd.ins) {
      case 0x84:
        return this.getChallenge(cmd);
      case 0x82:
        return this.externalAuthenticate(cmd);
      case 0x22:
        return this.mseSetAt(cmd);
      case 0x86:
        return this.generalAuthenticate(cmd);
      case 0x88:
        return res(0x6982);
      default:
        return null;
    }
  }

  // ---- BAC -------------------------------------------------------------------------------
  private getChallenge(cmd: CommandApdu): ResponseApdu {
    if (this.doc.bac === false) return res(0x6d00);
    if (cmd.le !== 8) return res(0x6700);
    this.rndIc = this.random.bytes(8);
    return res(0x9000, this.rndIc);
  }

  private externalAuthenticate(cmd: CommandApdu): ResponseApdu {
    const rndIc = this.rndIc;
    this.rndIc = null; // one attempt per challenge
    if (this.doc.bac === false) return res(0x6d00);
    const data = cmd.data ?? new Uint8Array(0);
    if (!rndIc) return res(0x6985);
    if (data.length !== 40) return res(0x6700);
    const eIfd = data.subarray(0, 32);
    if (!equalBytes(retailMac(this.bacKeys.kMac, pad(eIfd, 8)), data.subarray(32))) return res(0x6300);
    const s = tdesCbcDecrypt(this.bacKeys.kEnc, eIfd);
    const rndIfd = s.slice(0, 8);
    if (!equalBytes(s.subarray(8, 16), rndIc)) return res(0x6300);
    const kIfd = s.slice(16, 32);
    const kIc = this.random.bytes(16);
    const eIc = tdesCbcEncrypt(this.bacKeys.kEnc, concat(rndIc, rndIfd, kIc));
    const seed = xor(kIfd, kIc);
    this.sm = new CardSecureMessaging({
      alg: '3DES',
      ksEnc: kdf(seed, KDF_ENC, '3DES'),
      ksMac: kdf(seed, KDF_MAC, '3DES'),
      ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
    });
    return res(0x9000, concat(eIc, retailMac(this.bacKeys.kMac, pad(eIc, 8))));
  }

  // ---- PACE ------------------------------------------------------------------------------
  private mseSetAt(cmd: CommandApdu): ResponseApdu {
    if (cmd.p1 !== 0xc1 || cmd.p2 !== 0xa4) return res(0x6a86);
    const params = this.doc.paceParams;
    this.pace = { step: 'idle' };
    if (!params) return res(0x6a80);
    let objs;
    try {
      objs = readAll(cmd.data ?? new Uint8Array(0));
    } catch {
      return res(0x6a80);
    }
    const oid = objs.find((o) => o.tag === 0x80)?.value;
    const ref = objs.find((o) => o.tag === 0x83)?.value;
    const pid = objs.find((o) => o.tag === 0x84)?.value;
    if (!oid || !equalBytes(oid, oidBytes(params.oid))) return res(0x6a80);
    if (pid && (pid.length !== 1 || pid[0] !== params.parameterId)) return res(0x6a80);
    if (!ref || ref.length !== 1 || (ref[0] !== 1 && ref[0] !== 2)) return res(0x6a80);
    const suite = paceSuite(params.oid);
    if (!suite) return res(0x6a80);
    const password: AccessKey = ref[0] === 1 ? { kind: 'mrz', mrz: this.doc.mrzKey } : { kind: 'can', can: this.doc.can };
    this.pace = { step: 'set', suite, curve: curveByParamId(params.parameterId), password };
    this.sm = null;
    return res(0x9000);
  }

  private generalAuthenticate(cmd: CommandApdu): ResponseApdu {
    const state = this.pace;
    let inner: { tag: number; value: Uint8Array } | null = null;
    try {
      const { tlv, next } = readTlv(cmd.data ?? new Uint8Array(0), 0);
      if (tlv.tag !== 0x7c || next !== (cmd.data?.length ?? 0)) return this.paceFail(0x6a80);
      const objs = readAll(tlv.value);
      if (objs.length > 1) return this.paceFail(0x6a80);
      inner = objs[0] ? { tag: objs[0].tag, value: objs[0].value } : null;
    } catch {
      return this.paceFail(0x6a80);
    }
    const chained = (cmd.cla & 0x10) !== 0;
    try {
      if (state.step === 'set' && inner === null && chained) {
        const blockSize = state.suite.cipher === '3DES' ? 8 : 16;
        const s = this.random.bytes(blockSize);
        const z = encryptNonce(state.suite.cipher, paceKeyFromPassword(state.password, state.suite.cipher), s);
        this.pace = { step: 'nonce', suite: state.suite, curve: state.curve, s };
        return res(0x9000, encodeTlv(0x7c, encodeTlv(0x80, z)));
      }
      if (state.step === 'nonce' && inner?.tag === 0x81 && chained) {
        const peer = decodePoint(state.curve, inner.value, 'terminal mapping key');
        const sk = this.random.scalar(state.curve);
        const g = mapGenerator(state.curve, state.s, sk, peer);
        this.pace = { step: 'mapped', suite: state.suite, curve: state.curve, g };
        return res(0x9000, encodeTlv(0x7c, encodeTlv(0x82, encodePoint(multiplyBase(state.curve, sk)))));
      }
      if (state.step === 'mapped' && inner?.tag === 0x83 && chained) {
        const peer = decodePoint(state.curve, inner.value, 'terminal ephemeral key');
        const sk = this.random.scalar(state.curve);
        const own = multiplyPoint(state.curve, state.g, sk);
        if (own.equals(peer)) return this.paceFail(0x6a80);
        // The peer key must lie in the mapped group: x-coordinate of sk·peer is the shared secret.
        const { ksEnc, ksMac } = sessionKeysFromSecret(state.suite.cipher, xCoordinate(state.curve, multiplyPoint(state.curve, peer, sk)));
        this.pace = { step: 'agreed', suite: state.suite, ksEnc, ksMac, own, peer };
        return res(0x9000, encodeTlv(0x7c, encodeTlv(0x84, encodePoint(own))));
      }
      if (state.step === 'agreed' && inner?.tag === 0x85 && !chained) {
        const expected = authToken(state.suite.cipher, state.ksMac, tokenInput(state.suite.oid, state.own));
        if (!equalBytes(inner.value, expected)) return this.paceFail(0x6300);
        const tIc = authToken(state.suite.cipher, state.ksMac, tokenInput(state.suite.oid, state.peer));
        this.sm = new CardSecureMessaging({ alg: state.suite.cipher, ksEnc: state.ksEnc, ksMac: state.ksMac, ssc: initialSsc(state.suite.cipher) });
        this.pace = { step: 'idle' };
        return res(0x9000, encodeTlv(0x7c, encodeTlv(0x86, tIc)));
      }
    } catch {
      return this.paceFail(0x6a80);
    }
    return this.paceFail(0x6985);
  }

  private paceFail(sw: number): ResponseApdu {
    this.pace = { step: 'idle' };
    return res(sw);
  }

  // ---- Chip Authentication (ECDH; 3DES via MSE:Set KAT, AES via MSE:Set AT + GA) ------------
  private caMse(cmd: CommandApdu): ResponseApdu {
    const key = this.doc.caPrivateKey;
    if (!key) return res(0x6a80);
    let objs;
    try {
      objs = readAll(cmd.data ?? new Uint8Array(0));
    } catch {
      return res(0x6a80);
    }
    if (cmd.p2 === 0xa6) {
      const pk = objs.find((o) => o.tag === 0x91)?.value;
      if (!pk) return res(0x6a80);
      return this.caAgree(key, pk, '3DES');
    }
    if (cmd.p2 === 0xa4) {
      const oid = objs.find((o) => o.tag === 0x80)?.value;
      const suite = oid ? Object.entries(CA_SUITES).find(([o]) => equalBytes(oidBytes(o), oid)) : undefined;
      if (!suite) return res(0x6a80);
      this.caOid = suite[0];
      return res(0x9000);
    }
    return res(0x6a86);
  }

  private caGeneralAuthenticate(cmd: CommandApdu): ResponseApdu {
    const key = this.doc.caPrivateKey;
    const oid = this.caOid;
    this.caOid = null;
    if (!key || !oid) return res(0x6985);
    try {
      const { tlv } = readTlv(cmd.data ?? new Uint8Array(0), 0);
      const pk = tlv.tag === 0x7c ? readAll(tlv.value).find((o) => o.tag === 0x80)?.value : undefined;
      if (!pk) return res(0x6a80);
      const r = this.caAgree(key, pk, CA_SUITES[oid]!);
      return r.sw === 0x9000 ? res(0x9000, Uint8Array.of(0x7c, 0x00)) : r;
    } catch {
      return res(0x6a80);
    }
  }

  private caAgree(key: NonNullable<EmrtdDocument['caPrivateKey']>, pk: Uint8Array, cipher: CipherAlg): ResponseApdu {
    const { paramId, scalar } = 'paramId' in key ? key : ecKeyFromKeyObject(key);
    const curve = curveByParamId(paramId);
    let peer: EcPoint;
    try {
      peer = decodePoint(curve, pk, 'terminal CA key');
    } catch {
      return res(0x6a80);
    }
    const shared = xCoordinate(curve, multiplyPoint(curve, peer, scalar));
    this.pendingSm = new CardSecureMessaging({ alg: cipher, ksEnc: kdf(shared, KDF_ENC, cipher), ksMac: kdf(shared, KDF_MAC, cipher), ssc: new Uint8Array(cipher === '3DES' ? 8 : 16) });
    return res(0x9000);
  }

  // ---- Active Authentication (ECDSA, plain r||s per BSI TR-03111) ---------------------------
  private internalAuthenticate(cmd: CommandApdu): ResponseApdu {
    const key = this.doc.aaPrivateKey;
    if (!key) return res(0x6d00);
    const challenge = cmd.data ?? new Uint8Array(0);
    if (challenge.length !== 8) return res(0x6700);
    return res(0x9000, signAa(key, challenge));
  }
}


const ECDSA_BY_PARAM = { 12: p256, 13: brainpoolP256r1, 15: p384, 16: brainpoolP384r1, 17: brainpoolP512r1, 18: p521 } as const;

function signAa(key: NonNullable<EmrtdDocument['aaPrivateKey']>, challenge: Uint8Array): Uint8Array {
  if (!('paramId' in key)) return signAaWithKeyObject(key, challenge);
  const impl = ECDSA_BY_PARAM[key.paramId as keyof typeof ECDSA_BY_PARAM];
  if (!impl) throw new Error('unsupported AA curve');
  const size = curveByParamId(key.paramId).size;
  const digest = hash(key.hash ?? 'SHA-256', challenge);
  return impl.sign(digest, bigintToBytes(key.scalar, size), { prehash: false, format: 'compact' });
}

const CURVE_NAME_PARAM: Record<string, number> = { prime256v1: 12, brainpoolP256r1: 13, secp384r1: 15, brainpoolP384r1: 16, brainpoolP512r1: 17, secp521r1: 18 };

/** The raw scalar of an EC KeyObject, from its PKCS#8 ECPrivateKey (brainpool keys have no JWK form). */
export function ecKeyFromKeyObject(key: KeyObject): { paramId: number; scalar: bigint } {
  const paramId = CURVE_NAME_PARAM[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (key.asymmetricKeyType !== 'ec' || paramId === undefined) throw new Error('unsupported EC key');
  const der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const outer = readAll(readTlv(der, 0).tlv.value);
  const ecPrivateKey = readAll(readTlv(outer[2]!.value, 0).tlv.value);
  return { paramId, scalar: bytesToBigint(ecPrivateKey[1]!.value) };
}

function signAaWithKeyObject(key: KeyObject, challenge: Uint8Array): Uint8Array {
  if (key.asymmetricKeyType === 'ec') return new Uint8Array(nodeSign('sha256', challenge, { key, dsaEncoding: 'ieee-p1363' }));
  if (key.asymmetricKeyType !== 'rsa') throw new Error('unsupported AA key type');
  // ISO/IEC 9796-2 scheme 1, partial recovery: 6A || M1 || SHA-1(M1 || challenge) || BC, raw RSA.
  const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 1024) / 8);
  const m1 = new Uint8Array(k - 22);
  globalThis.crypto.getRandomValues(m1);
  const f = concat(Uint8Array.of(0x6a), m1, hash('SHA-1', concat(m1, challenge)), Uint8Array.of(0xbc));
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, f));
}

/** The eMRTD applet: a file-system card with the chip state machine in its hooks. */
export function createEmrtdApplet(doc: EmrtdDocument): CardApplet {
  const chip = new EmrtdChip(doc);
  const mfFiles = new Map<number, Uint8Array>();
  const appFiles = new Map(doc.files);
  const cardAccess = appFiles.get(FID_CARD_ACCESS) ?? (doc.paceParams ? cardAccessFor(doc.paceParams) : undefined);
  appFiles.delete(FID_CARD_ACCESS);
  if (cardAccess) mfFiles.set(FID_CARD_ACCESS, cardAccess);
  const sfi = new Map<number, number>();
  for (const fid of appFiles.keys()) if (fid >= 0x0101 && fid <= 0x0110) sfi.set(fid - 0x0100, fid);
  sfi.set(0x1e, FID_COM);
  sfi.set(0x1d, FID_SOD);
  const options: ConstructorParameters<typeof FileSystemApplet>[0] = {
    files: mfFiles,
    sfi: new Map([[0x1c, FID_CARD_ACCESS]]),
    applications: [{ aid: EMRTD_AID, files: appFiles, sfi }],
    extendedLength: doc.extendedLength ?? true,
    quirks: { rejectSelectMf: true, ...doc.quirks },
    hooks: {
      checkAccess: (req) => chip.checkAccess(req.fid, req.df, req.secure),
      command: (cmd, ctx) => chip.command(cmd, ctx.secure),
      secureMessaging: {
        unwrapCommand: (cmd) => chip.unwrapCommand(cmd),
        wrapResponse: (resp, cmd) => chip.wrapResponse(resp, cmd),
      },
      reset: () => chip.reset(),
    },
  };
  if (doc.atr) options.atr = doc.atr;
  return new FileSystemApplet(options);
}
