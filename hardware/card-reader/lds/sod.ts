// Runs in: any process (pure). EF.SOD (9303-10 §4.6.2): [APPLICATION 23] { CMS ContentInfo {
// SignedData { LDSSecurityObject, DS certificate, SignerInfo } } }.

import { algorithmIdentifier, explicit, integer, isContext, octetString, oid, sequence, set, smallInt, time, TAG, type AlgorithmIdentifier } from './asn1';
import { hashNameForOid, OID, type HashName } from './oids';
import { children, encoded, inContext, ldsMalformed, readSingle, value, type Tlv } from './tlv';
import { parseCertificateTlv, type Certificate } from './x509';

export interface LdsSecurityObject {
  version: number;
  hashAlgorithm: AlgorithmIdentifier;
  /** Node hash name, when the algorithm is one we know. */
  hashName?: HashName;
  /** Data-group number -> hash value. */
  dataGroupHashes: Map<number, Uint8Array>;
  ldsVersion?: string;
  unicodeVersion?: string;
}

export interface SignerInfo {
  version: number;
  /** IssuerAndSerialNumber: the DER issuer Name and serial; or a SubjectKeyIdentifier. */
  sid: { issuer: Uint8Array; serialNumber: bigint } | { subjectKeyIdentifier: Uint8Array };
  digestAlgorithm: AlgorithmIdentifier;
  /** DER of the signed attributes re-tagged as SET (0x31): the bytes the signature covers. */
  signedAttributesDer?: Uint8Array;
  contentType?: string;
  messageDigest?: Uint8Array;
  signingTime?: Date;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
}

export interface Sod extends SignedData {
  /** The LDSSecurityObject decoded from eContent. */
  lds: LdsSecurityObject;
}

function parseLdsSecurityObject(bytes: Uint8Array): LdsSecurityObject {
  const parts = sequence(readSingle(bytes, TAG.SEQUENCE), 'LDSSecurityObject');
  const [versionT, algT, hashesT, versionInfoT] = parts;
  if (!versionT || !algT || !hashesT) throw ldsMalformed('LDSSecurityObject incomplete');
  const hashAlgorithm = algorithmIdentifier(algT);
  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const h of sequence(hashesT, 'DataGroupHashValues')) {
    const [n, v] = sequence(h, 'DataGroupHash');
    if (!n || !v) throw ldsMalformed('DataGroupHash incomplete');
    const dg = smallInt(n);
    if (dg < 1 || dg > 16) throw ldsMalformed(`data-group number ${dg} out of range`);
    if (dataGroupHashes.has(dg)) throw ldsMalformed(`data group ${dg} hashed twice`);
    dataGroupHashes.set(dg, octetString(v));
  }
  const out: LdsSecurityObject = { version: smallInt(versionT), hashAlgorithm, dataGroupHashes };
  const hn = hashNameForOid(hashAlgorithm.oid);
  if (hn) out.hashName = hn;
  if (versionInfoT) {
    const [l, u] = sequence(versionInfoT, 'LDSVersionInfo');
    const ascii = (t: Tlv | undefined): string | undefined => (t ? String.fromCharCode(...value(t)) : undefined);
    const lv = ascii(l);
    const uv = ascii(u);
    if (lv) out.ldsVersion = lv;
    if (uv) out.unicodeVersion = uv;
  }
  return out;
}

function parseSignerInfo(t: Tlv): SignerInfo {
  const parts = sequence(t, 'SignerInfo');
  const [versionT, sidT, digestT, ...rest] = parts;
  if (!versionT || !sidT || !digestT) throw ldsMalformed('SignerInfo incomplete');
  let sid: SignerInfo['sid'];
  if (sidT.tag === TAG.SEQUENCE) {
    const [issuer, serial] = children(sidT);
    if (!issuer || !serial) throw ldsMalformed('IssuerAndSerialNumber incomplete');
    sid = { issuer: encoded(issuer), serialNumber: integer(serial) };
  } else if (isContext(sidT, 0)) sid = { subjectKeyIdentifier: value(sidT) };
  else throw ldsMalformed('SignerIdentifier of unknown form');
  let i = 0;
  const info: Partial<SignerInfo> = {};
  if (rest[0] && isContext(rest[0], 0)) {
    const attrsT = rest[0];
    // The signature covers the attributes with their EXPLICIT SET OF tag, not the [0] IMPLICIT one.
    const der = Uint8Array.from(encoded(attrsT));
    der[0] = 0x31;
    info.signedAttributesDer = der;
    for (const attr of children(attrsT)) {
      const [typeT, valuesT] = sequence(attr, 'Attribute');
      if (!typeT || !valuesT) throw ldsMalformed('Attribute incomplete');
      const type = oid(typeT);
      const values = set(valuesT, 'AttributeValues');
      const first = values[0];
      if (!first) throw ldsMalformed('Attribute without a value');
      if (type === OID.messageDigest) {
        if (info.messageDigest) throw ldsMalformed('two messageDigest attributes');
        info.messageDigest = octetString(first);
      } else if (type === OID.contentType) info.contentType = oid(first);
      else if (type === OID.signingTime) {
        try {
          info.signingTime = time(first);
        } catch {
          /* a malformed signing time is informative only */
        }
      }
    }
    i = 1;
  }
  const sigAlgT = rest[i];
  const sigT = rest[i + 1];
  if (!sigAlgT || !sigT) throw ldsMalformed('SignerInfo without signature');
  return {
    version: smallInt(versionT),
    sid,
    digestAlgorithm: algorithmIdentifier(digestT),
    ...info,
    signatureAlgorithm: algorithmIdentifier(sigAlgT),
    signature: octetString(sigT),
  };
}

export interface SignedData {
  digestAlgorithms: AlgorithmIdentifier[];
  contentType: string;
  /** The eContent octets: what messageDigest is computed over. */
  eContent: Uint8Array;
  certificates: Certificate[];
  signerInfos: SignerInfo[];
}

/** CMS ContentInfo { id-signedData, [0] SignedData } with the expected encapsulated content type. */
export function parseSignedData(ciT: Tlv, expectedContentType: string, label: string): SignedData {
  const ci = sequence(ciT, 'ContentInfo');
  if (!ci[0] || oid(ci[0]) !== OID.signedData || !ci[1]) throw ldsMalformed('ContentInfo is not SignedData');
  const sd = sequence(explicit(ci[1], 0), 'SignedData');
  const [, digestAlgsT, encapT, ...rest] = sd;
  if (!digestAlgsT || !encapT) throw ldsMalformed('SignedData incomplete');
  const encap = sequence(encapT, 'EncapsulatedContentInfo');
  if (!encap[0] || !encap[1]) throw ldsMalformed('SignedData has no encapsulated content');
  const contentType = oid(encap[0]);
  if (contentType !== expectedContentType) throw ldsMalformed(`content type ${contentType} is not ${label}`);
  const eContent = octetString(explicit(encap[1], 0));
  const certificates: Certificate[] = [];
  let signerInfosT: Tlv | undefined;
  for (const r of rest) {
    if (isContext(r, 0)) for (const c of children(r)) if (c.tag === TAG.SEQUENCE) certificates.push(parseCertificateTlv(c));
    if (r.tag === TAG.SET) signerInfosT = r;
  }
  if (!signerInfosT) throw ldsMalformed('SignedData without signerInfos');
  const signerInfos = set(signerInfosT, 'SignerInfos').map(parseSignerInfo);
  if (signerInfos.length === 0) throw ldsMalformed('SignedData with no signer');
  return { digestAlgorithms: set(digestAlgsT, 'DigestAlgorithms').map(algorithmIdentifier), contentType, eContent, certificates, signerInfos };
}

export function parseSod(bytes: Uint8Array): Sod {
  return inContext('EF.SOD', () => {
    const root = readSingle(bytes, 0x77, true);
    const [ciT] = children(root);
    if (!ciT) throw ldsMalformed('empty SOD');
    const sd = parseSignedData(ciT, OID.ldsSecurityObject, 'id-icao-ldsSecurityObject');
    return { ...sd, lds: parseLdsSecurityObject(sd.eContent) };
  });
}
