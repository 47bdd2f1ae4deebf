// Runs in: any process (pure). SecurityInfos (9303-11 §9.2 / TR-03110-3 A.1): the SET found in
// EF.CardAccess (PACE), DG14 (chip authentication) and EF.CardSecurity.

import { algorithmIdentifier, integer, oid, sequence, set, smallInt, bitString, TAG, type AlgorithmIdentifier } from './asn1';
import { OID, protocolName } from './oids';
import { encoded, inContext, ldsMalformed, readSingle, type Tlv } from './tlv';

export interface PaceInfo {
  kind: 'PACEInfo';
  protocol: string;
  protocolName?: string;
  version: number;
  /** Standardized domain parameter id (13 = brainpoolP256r1). */
  parameterId?: number;
}
export interface PaceDomainParameterInfo {
  kind: 'PACEDomainParameterInfo';
  protocol: string;
  domainParameter: AlgorithmIdentifier;
  parameterId?: number;
}
export interface ChipAuthenticationInfo {
  kind: 'ChipAuthenticationInfo';
  protocol: string;
  protocolName?: string;
  version: number;
  keyId?: number;
}
export interface ChipAuthenticationPublicKeyInfo {
  kind: 'ChipAuthenticationPublicKeyInfo';
  protocol: string;
  protocolName?: string;
  /** The DER SubjectPublicKeyInfo of the chip's static key. */
  subjectPublicKeyInfo: Uint8Array;
  algorithm: AlgorithmIdentifier;
  publicKey: Uint8Array;
  keyId?: number;
}
export interface TerminalAuthenticationInfo {
  kind: 'TerminalAuthenticationInfo';
  protocol: string;
  version: number;
}
export interface ActiveAuthenticationInfo {
  kind: 'ActiveAuthenticationInfo';
  protocol: string;
  version: number;
  /** Signature algorithm for ECDSA-based AA (e.g. ecdsa-with-SHA256). */
  signatureAlgorithm?: string;
}
export interface UnknownSecurityInfo {
  kind: 'unknown';
  protocol: string;
  encoded: Uint8Array;
}

export type SecurityInfo =
  | PaceInfo
  | PaceDomainParameterInfo
  | ChipAuthenticationInfo
  | ChipAuthenticationPublicKeyInfo
  | TerminalAuthenticationInfo
  | ActiveAuthenticationInfo
  | UnknownSecurityInfo;

function optionalInt(t: Tlv | undefined): number | undefined {
  return t && t.tag === TAG.INTEGER ? smallInt(t) : undefined;
}

function parseOne(t: Tlv): SecurityInfo {
  const parts = sequence(t, 'SecurityInfo');
  if (parts.length < 2) throw ldsMalformed('SecurityInfo needs a protocol and required data');
  const protocol = oid(parts[0]!);
  const name = protocolName(protocol);
  const withName = name ? { protocolName: name } : {};
  const keyId = optionalInt(parts[2]);
  if (protocol.startsWith(OID.pace + '.')) {
    const rest = protocol.slice(OID.pace.length + 1);
    // Domain-parameter infos end in the mapping family (e.g. ...4.2), suites have a cipher arc.
    if (!rest.includes('.')) {
      return {
        kind: 'PACEDomainParameterInfo',
        protocol,
        domainParameter: algorithmIdentifier(parts[1]!),
        ...(keyId !== undefined ? { parameterId: keyId } : {}),
      };
    }
    return { kind: 'PACEInfo', protocol, ...withName, version: smallInt(parts[1]!), ...(keyId !== undefined ? { parameterId: keyId } : {}) };
  }
  if (protocol.startsWith(OID.ca + '.')) {
    return { kind: 'ChipAuthenticationInfo', protocol, ...withName, version: smallInt(parts[1]!), ...(keyId !== undefined ? { keyId } : {}) };
  }
  if (protocol.startsWith(OID.pk + '.')) {
    const spki = parts[1]!;
    const [alg, key] = sequence(spki, 'SubjectPublicKeyInfo');
    if (!alg || !key) throw ldsMalformed('SubjectPublicKeyInfo needs an algorithm and a key');
    return {
      kind: 'ChipAuthenticationPublicKeyInfo',
      protocol,
      ...withName,
      subjectPublicKeyInfo: encoded(spki),
      algorithm: algorithmIdentifier(alg),
      publicKey: bitString(key),
      ...(keyId !== undefined ? { keyId } : {}),
    };
  }
  if (protocol === OID.ta) return { kind: 'TerminalAuthenticationInfo', protocol, version: smallInt(parts[1]!) };
  if (protocol === OID.activeAuthentication) {
    const sig = parts[2];
    return {
      kind: 'ActiveAuthenticationInfo',
      protocol,
      version: Number(integer(parts[1]!)),
      ...(sig && sig.tag === TAG.OID ? { signatureAlgorithm: oid(sig) } : {}),
    };
  }
  return { kind: 'unknown', protocol, encoded: encoded(t) };
}

/** Parses a DER SET OF SecurityInfo (EF.CardAccess content, or DG14's inner SET). */
export function parseSecurityInfos(bytes: Uint8Array, what = 'SecurityInfos'): SecurityInfo[] {
  return inContext(what, () => set(readSingle(bytes, 0x31, true), 'SecurityInfos').map(parseOne));
}

/** EF.CardAccess is a bare SecurityInfos. */
export function parseCardAccess(bytes: Uint8Array): SecurityInfo[] {
  return parseSecurityInfos(bytes, 'EF.CardAccess');
}

/** DG14 = [APPLICATION 14] { SecurityInfos }. */
export function parseDg14(bytes: Uint8Array): SecurityInfo[] {
  return inContext('DG14', () => {
    const root = readSingle(bytes, 0x6e, true);
    return parseSecurityInfos(root.source.subarray(root.valueStart, root.end), 'DG14');
  });
}
