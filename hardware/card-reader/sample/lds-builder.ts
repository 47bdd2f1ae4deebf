// Runs in: Node (tests, simulator, fixture generator). Encoders for LDS files: the inverse of the
// parsers in ../lds, used to personalise sample documents for the virtual chip.

import { createHash } from 'node:crypto';
import * as der from '../lds/der';
import { dgTagFor } from '../lds/com';
import { HASH_OIDS, OID, type HashName } from '../lds/oids';
import { parseCertificate } from '../lds/x509';
import type { Signer } from './pki';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

export function buildEfCom(dataGroups: number[], ldsVersion = '0107', unicodeVersion = '040000'): Uint8Array {
  const tags = dataGroups.map((n) => {
    const t = dgTagFor(n);
    if (t === undefined) throw new RangeError(`no LDS tag for DG${n}`);
    return t;
  });
  return der.tlv(0x60, der.tlv(0x5f01, ascii(ldsVersion)), der.tlv(0x5f36, ascii(unicodeVersion)), der.tlv(0x5c, Uint8Array.from(tags)));
}

/** DG1 from MRZ lines (joined without separators, as stored on the chip). */
export function buildDg1(mrzLines: string[]): Uint8Array {
  return der.tlv(0x61, der.tlv(0x5f1f, ascii(mrzLines.join(''))));
}

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** ISO/IEC 19794-5 facial record with one JPEG (imageDataType 0) or JPEG 2000 (1) image. */
export function buildFacialRecord(image: Uint8Array, width: number, height: number, jpeg2000 = false, gender: 'M' | 'F' | 'X' = 'X'): Uint8Array {
  const info = [
    ...u16(0), // feature points
    gender === 'M' ? 1 : gender === 'F' ? 2 : 0,
    0, 0, // eye, hair colour unspecified
    0, 0, 0, // feature mask
    0, 0, // expression unspecified
    0, 0, 0, // pose angle
    0, 0, 0, // pose angle uncertainty
  ];
  const imageInfo = [1 /* full frontal */, jpeg2000 ? 1 : 0, ...u16(width), ...u16(height), 1 /* sRGB */, 2 /* static photo, digital */, ...u16(0), ...u16(0)];
  const blockLength = 4 + info.length + imageInfo.length + image.length;
  const recordLength = 14 + blockLength;
  return der.concat(
    Uint8Array.from([0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00, ...u32(recordLength), ...u16(1), ...u32(blockLength), ...info, ...imageInfo]),
    image,
  );
}

export function buildDg2(image: Uint8Array, width: number, height: number, jpeg2000 = false, gender: 'M' | 'F' | 'X' = 'X'): Uint8Array {
  const header = der.tlv(0xa1, der.tlv(0x80, Uint8Array.of(1, 1)), der.tlv(0x81, Uint8Array.of(2)), der.tlv(0x87, Uint8Array.of(1, 1)), der.tlv(0x88, Uint8Array.of(0, 8)));
  const bit = der.tlv(0x7f60, header, der.tlv(0x5f2e, buildFacialRecord(image, width, height, jpeg2000, gender)));
  return der.tlv(0x75, der.tlv(0x7f61, der.tlv(0x02, Uint8Array.of(1)), bit));
}

export interface Dg13Input {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  sex: string;
  nationality: string;
  ethnicity: string;
  religion: string;
  placeOfOrigin: string;
  placeOfResidence: string;
  identifyingMarks: string;
  dateOfIssue: string;
  dateOfExpiry: string;
  fatherName: string;
  motherName: string;
  spouseName?: string;
  oldIdNumber?: string;
  field16?: string;
  /** 'separate' = SEQ{13, SEQ{father}, SEQ{mother}} (JMRTD fork); 'together' = SEQ{13, SEQ{father, mother}}. */
  parentLayout?: 'separate' | 'together';
}

/** DG13 in the layout observed on CCCD chips (reference doc §2.3). */
export function buildDg13(p: Dg13Input): Uint8Array {
  const f = (n: number, ...v: Uint8Array[]): Uint8Array => der.seq(der.int(n), ...v);
  const parents =
    p.parentLayout === 'together'
      ? f(13, der.seq(der.utf8(p.fatherName), der.utf8(p.motherName)))
      : f(13, der.seq(der.utf8(p.fatherName)), der.seq(der.utf8(p.motherName)));
  const fields = [
    f(1, der.printable(p.idNumber)),
    f(2, der.utf8(p.fullName)),
    f(3, der.printable(p.dateOfBirth)),
    f(4, der.utf8(p.sex)),
    f(5, der.utf8(p.nationality)),
    f(6, der.utf8(p.ethnicity)),
    f(7, der.utf8(p.religion)),
    f(8, der.utf8(p.placeOfOrigin)),
    f(9, der.utf8(p.placeOfResidence)),
    f(10, der.utf8(p.identifyingMarks)),
    f(11, der.printable(p.dateOfIssue)),
    f(12, der.utf8(p.dateOfExpiry)),
    parents,
    p.spouseName ? f(14, der.seq(der.utf8(p.spouseName))) : f(14),
    ...(p.oldIdNumber ? [f(15, der.printable(p.oldIdNumber))] : []),
    ...(p.field16 ? [f(16, der.printable(p.field16))] : []),
  ];
  // Field order (not DER SET sorting): the chip lists fields by number.
  return der.tlv(0x6d, der.seq(der.int(1), der.oid(OID.iso10646Utf8), der.tlv(0x31, ...fields)));
}

export function buildPaceInfo(protocolOid: string, version: number, parameterId: number): Uint8Array {
  return der.seq(der.oid(protocolOid), der.int(version), der.int(parameterId));
}

/** The EF.CardAccess observed on CCCD, byte for byte (reference doc §2.1): TA v1, CA-ECDH-AES-CBC-CMAC-128 v1 (the bytes say .3.2.2, not 3DES as the doc text says), PACE-ECDH-GM-AES-128 v2 id 13. */
export function buildCccdCardAccess(): Uint8Array {
  return der.setOf(
    der.seq(der.oid(OID.ta), der.int(1)),
    der.seq(der.oid(`${OID.ca}.2.2`), der.int(1)),
    buildPaceInfo(`${OID.pace}.2.2`, 2, 13),
  );
}

/** DG14: chip-authentication key (id-PK-ECDH) and protocol info, plus TA. */
export function buildDg14(chipAuthSpki: Uint8Array): Uint8Array {
  return der.tlv(
    0x6e,
    der.setOf(
      der.seq(der.oid(`${OID.pk}.2`), chipAuthSpki),
      der.seq(der.oid(`${OID.ca}.2.2`), der.int(1)),
      der.seq(der.oid(OID.ta), der.int(1)),
    ),
  );
}

export function buildDg15(aaSpki: Uint8Array): Uint8Array {
  return der.tlv(0x6f, aaSpki);
}

export interface SodOptions {
  /** Hash used for the data-group hashes and the messageDigest. */
  hash?: HashName;
  signingTime?: Date;
  /** Omit signed attributes (the signature then covers the LDSSecurityObject). */
  noSignedAttributes?: boolean;
}

/** EF.SOD: CMS SignedData over the LDSSecurityObject of `dataGroups`, signed by `signer`. */
export function buildSod(dataGroups: ReadonlyMap<number, Uint8Array>, signer: Signer, dsCertificate: Uint8Array, options: SodOptions = {}): Uint8Array {
  const hash = options.hash ?? 'sha256';
  const h = (b: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(b).digest());
  const hashAlg = der.algId(HASH_OIDS[hash]);
  const lds = der.seq(
    der.int(0),
    hashAlg,
    der.seq(...[...dataGroups].sort((a, b) => a[0] - b[0]).map(([n, b]) => der.seq(der.int(n), der.octets(h(b))))),
  );
  return der.tlv(0x77, buildSignedData(OID.ldsSecurityObject, lds, signer, dsCertificate, options));
}

/** CMS ContentInfo(SignedData) over `content` of `contentType`, one signer, its certificate embedded. */
export function buildSignedData(contentType: string, content: Uint8Array, signer: Signer, signerCertificate: Uint8Array, options: SodOptions = {}): Uint8Array {
  const signedAttrs = der.setOf(
    der.seq(der.oid(OID.contentType), der.setOf(der.oid(contentType))),
    // messageDigest uses the SignerInfo's digest algorithm, which may differ from the LDS hash.
    der.seq(der.oid(OID.messageDigest), der.setOf(der.octets(new Uint8Array(createHash(signer.hash).update(content).digest())))),
    der.seq(der.oid(OID.signingTime), der.setOf(der.utcTime(options.signingTime ?? new Date(Date.UTC(2024, 5, 1))))),
  );
  // The signer's [0] IMPLICIT tag replaces SET's 0x31; the signature covers the SET form.
  const implicitAttrs = Uint8Array.from(signedAttrs);
  implicitAttrs[0] = 0xa0;
  const signerInfo = der.seq(
    der.int(1),
    extractIssuerAndSerial(signerCertificate),
    der.algId(HASH_OIDS[signer.hash]),
    ...(options.noSignedAttributes ? [] : [implicitAttrs]),
    signer.algorithm,
    der.octets(signer.sign(options.noSignedAttributes ? content : signedAttrs)),
  );
  const signedData = der.seq(
    der.int(3),
    der.setOf(der.algId(HASH_OIDS[signer.hash])),
    der.seq(der.oid(contentType), der.ctx(0, der.octets(content))),
    der.ctx(0, signerCertificate),
    der.setOf(signerInfo),
  );
  return der.seq(der.oid(OID.signedData), der.ctx(0, signedData));
}

/** ICAO CSCA master list carrying `cscaCertificates`, signed by a Master List Signer. */
export function buildMasterList(cscaCertificates: Uint8Array[], signer: Signer, signerCertificate: Uint8Array): Uint8Array {
  return buildSignedData(OID.cscaMasterList, der.seq(der.int(0), der.setOf(...cscaCertificates)), signer, signerCertificate);
}

function extractIssuerAndSerial(cert: Uint8Array): Uint8Array {
  const c = parseCertificate(cert);
  return der.seq(c.issuer, der.int(c.serialNumber));
}
