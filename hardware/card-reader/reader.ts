// Runs in: Node (engine). "Read a document": access control (PACE when EF.CardAccess offers a
// suite we run, else BAC), then EF.COM, the SOD and the data groups through secure messaging.
// Identity groups (DG1, DG13) come first and are handed out through onFile as soon as they are
// in, so the engine can start verifying and filling forms while DG2 is still being read.
// Nothing here logs file contents, keys or MRZ data.
import { KioskError, isKioskError } from '../../src/shared/errors';
import { getLogger } from '../../src/core/log';
import { performBac } from './access/bac';
import { protocolError } from './access/errors';
import { paceSuite, performPace } from './access/pace';
import type { AccessKey, AccessResult, MrzKey } from './access/types';
import { supportedParamIds } from './crypto/ec';
import { MAX_EXTENDED_NE, SW } from './iso7816/apdu';
import { Iso7816Card, type CardStats } from './iso7816/card';
import { parseEfCom } from './lds/com';
import { parseCardAccess, type PaceInfo } from './lds/securityInfos';
import { Iso7816SmWrapper } from './sm/iso7816-wrapper';
import { smIntegrityError } from './sm/secure-messaging';
import type { CardChannel } from './transport/types';
import { activeAuthenticate, type ActiveAuthenticationResult } from './access/active-auth';
import { performChipAuthentication, planChipAuthentication } from './access/chip-auth';

const log = getLogger('card-reader');

export const EMRTD_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01);
export const FID_CARD_ACCESS = 0x011c;
export const FID_COM = 0x011e;
export const FID_SOD = 0x011d;

export type ReadStage = 'access' | 'com' | 'sod' | `dg${number}` | 'aa';

export interface ReadKey {
  /** PACE card access number (CCCD: last 6 digits of the 12-digit ID). */
  can?: string;
  /** MRZ key (CCCD: document number = last 9 digits of the ID). */
  mrz?: MrzKey;
}

export interface RawFile {
  /** 'com', 'sod' or 'dgN'. */
  name: string;
  fid: number;
  bytes: Uint8Array;
}

export interface ReadOptions {
  /** Data groups to read; default 1, 13, 2, 14, 15 plus every other one EF.COM lists. */
  dataGroups?: number[];
  /** Progress per stage: `done`/`total` in bytes (access: steps). */
  onProgress?(stage: ReadStage, done: number, total: number): void;
  /** Each file as soon as it is read (DG1 and DG13 arrive before DG2 starts). */
  onFile?(file: RawFile): void;
  /**
   * Largest READ BINARY Ne to start with (> 256 uses extended length). Default: extended length
   * when a probe on EF.CardAccess (before any secure messaging) shows that card and reader carry
   * it, else 0xDF.
   */
  maxReadLength?: number;
  /** Skip PACE even when offered (diagnostics, benchmarks). */
  forceBac?: boolean;
  /** Run Active Authentication when DG15 is read (default true). */
  activeAuthentication?: boolean;
  /** Run Chip Authentication when DG14 offers it (default true). */
  chipAuthentication?: boolean;
}

export interface ChipAuthenticationStatus {
  /** verified: a protected exchange under the new keys succeeded (a clone cannot do that). */
  status: 'verified' | 'failed' | 'not-offered';
  oid?: string;
  detail: string;
}

export interface AccessSummary {
  protocol: 'BAC' | 'PACE';
  keyKind: 'can' | 'mrz';
  paceOid?: string;
  paceParameterId?: number;
  smCipher: string;
}

export interface RawDocumentRead {
  access: AccessSummary;
  /** EF.CardAccess as read in the clear (absent on BAC-only chips). */
  cardAccess?: Uint8Array;
  com: Uint8Array;
  sod: Uint8Array;
  /** Raw bytes per data group number. */
  dataGroups: Map<number, Uint8Array>;
  /** Groups listed in EF.COM but refused (e.g. DG3 behind EAC: 6982) or absent (6A82). */
  skipped: { dg: number; reason: string }[];
  activeAuthentication?: ActiveAuthenticationResult;
  /** Present when DG14 was read. Its key is authentic only once PA has verified DG14's hash. */
  chipAuthentication?: ChipAuthenticationStatus;
  timings: {
    accessMs: number;
    /** ms from start until DG1 and DG13 (those requested) were in. */
    identityMs?: number;
    totalMs: number;
    perFileMs: Record<string, number>;
  };
  stats: CardStats;
}

const fidForDg = (dg: number): number => 0x0100 + dg;
const DEFAULT_GROUPS = [1, 13, 2, 14, 15];
const IDENTITY = [1, 13];

function accessKeyFrom(key: ReadKey): AccessKey {
  if (key.can !== undefined) return { kind: 'can', can: key.can };
  if (key.mrz) return { kind: 'mrz', mrz: key.mrz };
  throw new KioskError({
    code: 'card.key-missing',
    technicianMessage: 'readDocument needs a CAN or an MRZ key',
    citizenMessage: 'Xin vui lòng nhập số CAN (6 số cuối số căn cước) hoặc quét trang thông tin để mở thẻ.',
  });
}

/** The PACEInfo we can run, preferring the strongest cipher; undefined when none. */
export function choosePace(cardAccess: Uint8Array): { oid: string; parameterId: number } | undefined {
  let infos;
  try {
    infos = parseCardAccess(cardAccess);
  } catch (e) {
    log.warn({ code: isKioskError(e) ? e.code : 'unknown' }, 'EF.CardAccess unparseable; falling back to BAC');
    return undefined;
  }
  const usable = infos
    .filter((i): i is PaceInfo => i.kind === 'PACEInfo')
    .filter((i) => paceSuite(i.protocol) !== undefined && i.parameterId !== undefined && supportedParamIds().includes(i.parameterId));
  const rank = (oid: string): number => ['3DES', 'AES-128', 'AES-192', 'AES-256'].indexOf(paceSuite(oid)!.cipher);
  usable.sort((a, b) => rank(b.protocol) - rank(a.protocol));
  const best = usable[0];
  return best ? { oid: best.protocol, parameterId: best.parameterId! } : undefined;
}

/**
 * One extended-length READ BINARY of the EF.CardAccess just read in the clear. Reading with
 * extended length (~30 APDUs for a CCCD instead of ~100) is the biggest saving in host CPU and
 * time, but a reader or chip without it must be found out here, before secure messaging: a
 * protected command that never reaches the card would put the two send-sequence counters out of
 * step. Only a card pulled out is an error; any other failure means "short APDUs".
 */
async function carriesExtendedLength(card: Iso7816Card, cardAccess: Uint8Array): Promise<boolean> {
  try {
    const resp = await card.transmit({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: MAX_EXTENDED_NE, extended: true });
    const ok = (resp.sw === SW.OK || resp.sw === 0x6282) && resp.data.length === cardAccess.length && resp.data.every((b, i) => b === cardAccess[i]);
    log.debug({ extended: ok, sw: resp.sw.toString(16) }, 'extended-length probe');
    return ok;
  } catch (e) {
    if (isKioskError(e) && (e.code === 'card.removed' || e.code === 'card.absent')) throw e;
    log.info({ code: isKioskError(e) ? e.code : 'error' }, 'extended-length probe failed; reading with short APDUs');
    return false;
  }
}

async function tryRead(card: Iso7816Card, fid: number): Promise<Uint8Array | undefined> {
  try {
    return await card.readFile({ fid });
  } catch (e) {
    if (isKioskError(e) && (e.code === 'card.file-not-found' || e.code === 'card.access-denied' || e.code === 'card.status')) return undefined;
    throw e;
  }
}

/**
 * Opens the chip with `key` and reads the document. Throws KioskError: card.wrong-key (the CAN /
 * MRZ does not match; never retried here, chips may count failures), card.removed, card.sm-integrity
 * (a response failed its MAC), card.protocol, card.file-* (named file problems).
 */
export async function readDocument(channel: CardChannel, key: ReadKey, options: ReadOptions = {}): Promise<RawDocumentRead> {
  const t0 = performance.now();
  const accessKey = accessKeyFrom(key);
  const card = new Iso7816Card(channel, options.maxReadLength !== undefined ? { maxReadLength: options.maxReadLength } : {});
  const progress = options.onProgress ?? (() => undefined);
  const perFileMs: Record<string, number> = {};

  // 1. EF.CardAccess in the clear (MF context; SELECT MF itself fails on CCCD, so select the EF directly).
  progress('access', 0, 3);
  const cardAccess = options.forceBac ? undefined : await tryRead(card, FID_CARD_ACCESS);
  if (cardAccess && options.maxReadLength === undefined && (await carriesExtendedLength(card, cardAccess))) card.useReadLength(MAX_EXTENDED_NE);
  const pace = cardAccess ? choosePace(cardAccess) : undefined;
  const plain = (cmd: Parameters<Iso7816Card['transmit']>[0]) => card.transmit(cmd);

  let access: AccessResult;
  let paceResult: AccessResult | undefined;
  if (pace) {
    progress('access', 1, 3);
    try {
      paceResult = await performPace(plain, accessKey, pace);
    } catch (e) {
      // A wrong password is final (chips count failures). A PACE that broke for another reason
      // may fall back to BAC when we hold the MRZ key (9303-11 §4.2 allows it).
      if (!isKioskError(e) || e.code === 'card.wrong-key' || accessKey.kind !== 'mrz' || (e.code !== 'card.protocol' && e.code !== 'card.unsupported-protocol')) throw e;
      log.warn({ code: e.code }, 'PACE failed; falling back to BAC');
    }
  }
  if (paceResult) {
    access = paceResult;
    card.setWrapper(new Iso7816SmWrapper(access.session));
    await card.selectApplication(EMRTD_AID);
  } else {
    if (accessKey.kind !== 'mrz') {
      throw protocolError('BAC', 'chip offers no PACE suite this reader runs, and BAC needs the MRZ key (a CAN was given)');
    }
    progress('access', 1, 3);
    await card.selectApplication(EMRTD_AID);
    access = await performBac(plain, accessKey.mrz);
    card.setWrapper(new Iso7816SmWrapper(access.session));
  }
  progress('access', 3, 3);
  const accessMs = performance.now() - t0;
  log.info({ protocol: access.protocol, cipher: access.session.alg, ms: Math.round(accessMs) }, 'chip access established');

  const readOne = async (name: string, fid: number, stage: ReadStage): Promise<Uint8Array> => {
    const start = performance.now();
    const bytes = await card.readFile({ fid }, { onProgress: (done, total) => progress(stage, done, total) });
    perFileMs[name] = performance.now() - start;
    options.onFile?.({ name, fid, bytes });
    return bytes;
  };

  const com = await readOne('com', FID_COM, 'com');
  const listed = parseEfCom(com).dataGroups;
  const wanted = options.dataGroups ?? [...new Set([...DEFAULT_GROUPS, ...listed])];
  // Identity groups first, then the SOD (needed to verify them), DG14/DG15 (chip authenticity),
  // then the rest — DG2, the big one, last.
  const early = [...IDENTITY, 14, 15];
  const ordered = [...early.filter((d) => wanted.includes(d)), ...wanted.filter((d) => !early.includes(d))];
  let chipAuthentication: ChipAuthenticationStatus | undefined;
  const dataGroups = new Map<number, Uint8Array>();
  const skipped: RawDocumentRead['skipped'] = [];
  let sod: Uint8Array | undefined;
  let identityMs: number | undefined;

  for (const dg of ordered) {
    if (!listed.includes(dg)) {
      skipped.push({ dg, reason: 'not listed in EF.COM' });
    } else {
      try {
        dataGroups.set(dg, await readOne(`dg${dg}`, fidForDg(dg), `dg${dg}`));
        if (dg === 14 && options.chipAuthentication !== false) chipAuthentication = await runChipAuthentication(card, dataGroups.get(14)!);
      } catch (e) {
        if (isKioskError(e) && (e.code === 'card.access-denied' || e.code === 'card.file-not-found')) {
          // DG3/DG4 sit behind Extended Access Control; a chip may also list a group it lacks.
          skipped.push({ dg, reason: e.code });
        } else throw e;
      }
    }
    if (identityMs === undefined && IDENTITY.every((d) => !wanted.includes(d) || dataGroups.has(d) || skipped.some((s) => s.dg === d))) {
      identityMs = performance.now() - t0;
      sod = await readOne('sod', FID_SOD, 'sod');
    }
  }
  sod ??= await readOne('sod', FID_SOD, 'sod');

  let activeAuthentication: ActiveAuthenticationResult | undefined;
  const dg15 = dataGroups.get(15);
  if (dg15 && options.activeAuthentication !== false) {
    progress('aa', 0, 1);
    activeAuthentication = await activeAuthenticate(card, dg15, dataGroups.get(14));
    progress('aa', 1, 1);
  }

  const totalMs = performance.now() - t0;
  log.info({ protocol: access.protocol, files: dataGroups.size + 2, apdus: card.stats.apdus, ms: Math.round(totalMs) }, 'document read');
  const summary: AccessSummary = { protocol: access.protocol, keyKind: accessKey.kind, smCipher: access.session.alg };
  if (access.paceOid) summary.paceOid = access.paceOid;
  if (access.paceParameterId !== undefined) summary.paceParameterId = access.paceParameterId;
  const result: RawDocumentRead = {
    access: summary,
    com,
    sod,
    dataGroups,
    skipped,
    timings: { accessMs, totalMs, perFileMs, ...(identityMs !== undefined ? { identityMs } : {}) },
    stats: { ...card.stats },
  };
  if (cardAccess) result.cardAccess = cardAccess;
  if (activeAuthentication) result.activeAuthentication = activeAuthentication;
  if (chipAuthentication) result.chipAuthentication = chipAuthentication;
  return result;
}

async function runChipAuthentication(card: Iso7816Card, dg14: Uint8Array): Promise<ChipAuthenticationStatus> {
  let plan;
  try {
    plan = planChipAuthentication(dg14);
  } catch (e) {
    return { status: 'failed', detail: `DG14 unreadable: ${isKioskError(e) ? e.code : 'error'}` };
  }
  if (!plan) return { status: 'not-offered', detail: 'DG14 offers no ECDH Chip Authentication suite this reader runs' };
  try {
    await performChipAuthentication(card, plan);
  } catch (e) {
    if (isKioskError(e) && e.code === 'card.protocol') return { status: 'failed', oid: plan.oid, detail: e.technicianMessage };
    throw e;
  }
  // One protected round trip under the new keys: only the holder of the static key can MAC it.
  // A failure here is card.sm-integrity and ends the read: a chip that fails CA gets no trust.
  try {
    await card.selectApplication(EMRTD_AID);
  } catch (e) {
    if (isKioskError(e) && (e.code === 'card.sm-integrity' || e.code === 'card.sm-rejected')) {
      throw smIntegrityError(`Chip Authentication failed: the chip cannot use the keys agreed with its DG14 key (clone or faulty chip; ${e.code})`, e);
    }
    throw e;
  }
  return { status: 'verified', oid: plan.oid, detail: `Chip Authentication (${plan.cipher}) established new session keys` };
}
