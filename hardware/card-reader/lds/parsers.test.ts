// Runs in: Node (vitest). LDS file parsers against published bytes (ICAO 9303, the CCCD reference
// doc) and against the sample documents.
import { createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSampleCccd, buildSamplePassport, FID, SAMPLE_CITIZEN } from '../sample/documents';
import { buildDg1, buildDg13, buildDg2, buildFacialRecord, buildMasterList } from '../sample/lds-builder';
import { generateTestPki } from '../sample/pki';
import { parseEfCom } from './com';
import * as der from './der';
import { parseDg1 } from './dg1';
import { dg13DateToIso, parseDg13 } from './dg13';
import { displayableFace, parseDg2 } from './dg2';
import { parseDg15 } from './dg15';
import { OID } from './oids';
import { parseCardAccess, parseDg14, parseSecurityInfos } from './securityInfos';
import { parseSod } from './sod';
import { certificatesFromPem, parseCertificate } from './x509';
import { parseMasterList } from './masterlist';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const malformedIn = (what: string) => expect.objectContaining({ code: 'card.lds-malformed', technicianMessage: expect.stringContaining(what) });
const cccd = buildSampleCccd();

describe('EF.COM', () => {
  it('parses the 9303-11 Appendix D.4 EF.COM (LDS 1.6, DG1 + DG2)', () => {
    // Decrypted READ BINARY replies of D.4: "60145F01" + "04303130365F36063034303030305C026175".
    const com = parseEfCom(hex('60145F01' + '04303130365F36063034303030305C026175'));
    expect(com).toEqual({ ldsVersion: '0106', unicodeVersion: '040000', tags: [0x61, 0x75], dataGroups: [1, 2] });
  });
  it('lists the CCCD data groups of the sample', () => {
    expect(parseEfCom(cccd.files.get(FID.com)!).dataGroups).toEqual([1, 2, 13, 14, 15]);
  });
  it('names EF.COM when the tag list is missing', () => {
    expect(() => parseEfCom(hex('60075F0104303130365F'))).toThrowError(malformedIn('EF.COM'));
    expect(() => parseEfCom(hex('6006' + '5F0104303130'))).toThrowError(malformedIn('EF.COM'));
  });
});

describe('DG1', () => {
  const td3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
  it('encodes the TD3 specimen with the 9303-10 header 61 5B 5F1F 58 and parses it back', () => {
    const dg1 = buildDg1(td3);
    expect(toHex(dg1.subarray(0, 5))).toBe('615b5f1f58');
    const p = parseDg1(dg1);
    expect(p.mrz).toMatchObject({ format: 'TD3', documentNumber: 'L898902C3', valid: true });
  });
  it('parses the sample CCCD TD1 (header 61 5D 5F1F 5A) with every check digit valid', () => {
    const dg1 = cccd.dataGroups.get(1)!;
    expect(toHex(dg1.subarray(0, 5))).toBe('615d5f1f5a');
    const p = parseDg1(dg1).mrz;
    expect(p).toMatchObject({ format: 'TD1', documentNumber: '195012345', dateOfBirth: '950314', sex: 'F', valid: true });
    expect(p.checks.map((c) => c.field)).toContain('cccdIdNumber');
  });
  it('reports a garbage MRZ inside DG1 as DG1 malformed', () => {
    expect(() => parseDg1(hex('6105 5F1F 02 4142'))).toThrowError(malformedIn('DG1'));
  });
});

describe('DG13 (CCCD optional details)', () => {
  it('uses the byte prefixes observed on real chips (reference doc §2.3)', () => {
    const b = toHex(buildDg13({ ...SAMPLE_CITIZEN, dateOfExpiry: '14/03/2035' }));
    expect(b).toContain('3011020101130c' + toHex(utf8('001195012345')));
    expect(b).toContain('300f02010c0c0a' + toHex(utf8('14/03/2035')));
    expect(b).toContain('30030201' + '0e'); // absent spouse
    expect(b).toContain('060628d316010008');
    // Field 9 is longer than 127 bytes, so both its SEQUENCE and its UTF8String use 0x81 lengths.
    const addr = utf8(SAMPLE_CITIZEN.placeOfResidence);
    expect(addr.length).toBeGreaterThan(127);
    expect(b).toContain('0c81' + addr.length.toString(16) + toHex(addr));
  });
  it('maps all 16 fields of the sample, both parent layouts', () => {
    for (const parentLayout of ['separate', 'together'] as const) {
      const d = parseDg13(buildDg13({ ...SAMPLE_CITIZEN, parentLayout }));
      expect(d).toMatchObject({
        idNumber: '001195012345',
        fullName: 'Trần Thị Minh Thư',
        dateOfBirth: '14/03/1995',
        sex: 'Nữ',
        nationality: 'Việt Nam',
        ethnicity: 'Kinh',
        religion: 'Không',
        placeOfOrigin: SAMPLE_CITIZEN.placeOfOrigin,
        placeOfResidence: SAMPLE_CITIZEN.placeOfResidence,
        identifyingMarks: SAMPLE_CITIZEN.identifyingMarks,
        dateOfIssue: '10/05/2021',
        dateOfExpiry: '14/03/2035',
        fatherName: 'Trần Văn Hùng',
        motherName: 'Nguyễn Thị Lan',
        oldIdNumber: '151234567',
        field16: '0A1B2C3D4E5F6071',
      });
      expect(d.spouseName).toBeUndefined();
      expect(Object.keys(d.fields).map(Number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    }
  });
  it('parses a hand-encoded DG13: 0x30 wrapper, absent fields, a spouse, a 9-digit field 16, 0x82 outer length', () => {
    const s = (n: number, v: Uint8Array): Uint8Array => der.seq(der.int(n), v);
    const filler = der.seq(der.int(10), der.utf8('x'.repeat(300))); // forces a 0x82 length on the containers
    const body = der.seq(
      der.int(1),
      der.oid('1.0.10646.1.0.8'),
      der.tlv(
        0x31,
        s(1, der.printable('079200001234')),
        s(2, der.utf8('Lê Hoàng Đức')),
        filler,
        s(13, der.seq(der.utf8('Lê Văn Bình'), der.utf8('Phạm Thị Hoa'))),
        s(14, der.seq(der.utf8('Võ Thị Ngọc Ánh'))),
        s(16, der.printable('023456789')),
      ),
    );
    for (const wrapped of [der.tlv(0x6d, body), body]) {
      const d = parseDg13(wrapped);
      expect(d).toMatchObject({ idNumber: '079200001234', fullName: 'Lê Hoàng Đức', fatherName: 'Lê Văn Bình', motherName: 'Phạm Thị Hoa', spouseName: 'Võ Thị Ngọc Ánh', oldIdNumber: '023456789' });
      expect(d.dateOfBirth).toBeUndefined();
      expect(d.field16).toBeUndefined();
    }
    expect(toHex(der.tlv(0x6d, body)).slice(0, 4)).toBe('6d82');
  });
  it('converts DG13 dates to ISO and refuses impossible ones', () => {
    expect(dg13DateToIso('14/03/1995')).toBe('1995-03-14');
    expect(dg13DateToIso('29/02/2024')).toBe('2024-02-29');
    expect(dg13DateToIso('29/02/2023')).toBeUndefined();
    expect(dg13DateToIso('Không thời hạn')).toBeUndefined();
    expect(dg13DateToIso(undefined)).toBeUndefined();
  });
  it('names DG13 on bad UTF-8, a wrong character-set OID or a field without its number', () => {
    const bad = der.tlv(0x6d, der.seq(der.int(1), der.oid('1.0.10646.1.0.8'), der.tlv(0x31, der.seq(der.int(2), der.tlv(0x0c, hex('c328'))))));
    expect(() => parseDg13(bad)).toThrowError(malformedIn('DG13'));
    const wrongOid = der.tlv(0x6d, der.seq(der.int(1), der.oid('1.2.3'), der.tlv(0x31)));
    expect(() => parseDg13(wrongOid)).toThrowError(malformedIn('DG13'));
    const noNumber = der.tlv(0x6d, der.seq(der.int(1), der.tlv(0x31, der.seq(der.utf8('x')))));
    expect(() => parseDg13(noNumber)).toThrowError(malformedIn('DG13'));
  });
});

describe('DG2', () => {
  it('extracts the JPEG face exactly and declares its size', () => {
    const dg2 = parseDg2(cccd.dataGroups.get(2)!);
    expect(dg2.faces).toHaveLength(1);
    const face = dg2.faces[0]!;
    expect(face).toMatchObject({ format: 'jpeg', mimeType: 'image/jpeg', width: 360, height: 480 });
    expect(toHex(face.data)).toBe(toHex(cccd.faceJpeg));
    expect(displayableFace(face).mimeType).toBe('image/jpeg');
  });
  it('recognises JPEG 2000 (JP2 box and raw codestream) and refuses to hand it to the UI undecoded', () => {
    const jp2 = hex('0000000c6a5020200d0a870a' + '00'.repeat(20));
    const j2k = hex('ff4fff51' + '00'.repeat(20));
    const a = parseDg2(buildDg2(jp2, 10, 12, true)).faces[0]!;
    expect(a).toMatchObject({ format: 'jpeg2000', mimeType: 'image/jp2', width: 10, height: 12 });
    expect(parseDg2(buildDg2(j2k, 10, 12, true)).faces[0]!.format).toBe('jpeg2000-codestream');
    expect(() => displayableFace(a)).toThrowError(expect.objectContaining({ code: 'card.face-format-unsupported' }));
  });
  it('rejects facial records whose lengths lie, naming DG2', () => {
    const rec = buildFacialRecord(cccd.faceJpeg.subarray(0, 100), 1, 1);
    const lying = Uint8Array.from(rec);
    lying[11] = lying[11]! + 50; // record length beyond the data
    const wrap = (r: Uint8Array): Uint8Array => der.tlv(0x75, der.tlv(0x7f61, der.tlv(0x02, Uint8Array.of(1)), der.tlv(0x7f60, der.tlv(0x5f2e, r))));
    expect(parseDg2(wrap(rec)).faces).toHaveLength(1);
    expect(() => parseDg2(wrap(lying))).toThrowError(malformedIn('DG2'));
    expect(() => parseDg2(wrap(rec.subarray(0, 20)))).toThrowError(malformedIn('DG2'));
    const countMismatch = der.tlv(0x75, der.tlv(0x7f61, der.tlv(0x02, Uint8Array.of(2)), der.tlv(0x7f60, der.tlv(0x5f2e, rec))));
    expect(() => parseDg2(countMismatch)).toThrowError(malformedIn('DG2'));
  });
});

describe('SecurityInfos: EF.CardAccess and DG14', () => {
  // The CCCD EF.CardAccess hard-coded by Vietnamese apps (reference doc §2.1).
  const CCCD_CARD_ACCESS =
    '3134 300d0608 04007f0007020202 020101 300f060a 04007f00070202030202 020101 3012060a 04007f00070202040202 020102 02010d';
  it('decodes the CCCD EF.CardAccess and the sample reproduces it byte for byte', () => {
    const infos = parseCardAccess(hex(CCCD_CARD_ACCESS));
    expect(infos).toEqual([
      { kind: 'TerminalAuthenticationInfo', protocol: OID.ta, version: 1 },
      { kind: 'ChipAuthenticationInfo', protocol: '0.4.0.127.0.7.2.2.3.2.2', protocolName: 'id-CA-ECDH-AES-CBC-CMAC-128', version: 1 },
      { kind: 'PACEInfo', protocol: '0.4.0.127.0.7.2.2.4.2.2', protocolName: 'id-PACE-ECDH-GM-AES-CBC-CMAC-128', version: 2, parameterId: 13 },
    ]);
    expect(toHex(cccd.files.get(FID.cardAccess)!)).toBe(CCCD_CARD_ACCESS.replace(/ /g, ''));
  });
  it('parses DG14 with the chip-authentication public key', () => {
    const infos = parseDg14(cccd.dataGroups.get(14)!);
    const pk = infos.find((i) => i.kind === 'ChipAuthenticationPublicKeyInfo');
    expect(pk).toBeDefined();
    if (pk?.kind !== 'ChipAuthenticationPublicKeyInfo') throw new Error('unreachable');
    expect(pk.protocolName).toBe('id-PK-ECDH');
    expect(pk.publicKey[0]).toBe(0x04);
    expect(pk.publicKey.length).toBe(65);
    expect(createPublicKey({ key: Buffer.from(pk.subjectPublicKeyInfo), format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve).toBe('brainpoolP256r1');
  });
  it('keeps unknown protocols, reads PACEDomainParameterInfo and AA info', () => {
    const infos = parseSecurityInfos(
      der.setOf(
        der.seq(der.oid('1.2.3.4'), der.int(1)),
        der.seq(der.oid(`${OID.pace}.2`), der.seq(der.oid('0.4.0.127.0.7.1.2'), der.int(13)), der.int(5)),
        der.seq(der.oid(OID.activeAuthentication), der.int(1), der.oid(OID.ecdsaWithSha256)),
      ),
    );
    expect(infos.map((i) => i.kind).sort()).toEqual(['ActiveAuthenticationInfo', 'PACEDomainParameterInfo', 'unknown']);
    expect(infos.find((i) => i.kind === 'ActiveAuthenticationInfo')).toMatchObject({ signatureAlgorithm: OID.ecdsaWithSha256 });
  });
});

describe('DG15', () => {
  it('reads the RSA (CCCD) and EC (passport) Active Authentication keys', () => {
    const rsa = parseDg15(cccd.dataGroups.get(15)!);
    expect(rsa.keyType).toBe('rsa');
    expect(toHex(rsa.subjectPublicKeyInfo)).toBe(toHex(new Uint8Array(createPublicKey(cccd.aaPrivateKey).export({ type: 'spki', format: 'der' }))));
    const ec = parseDg15(buildSamplePassport().dataGroups.get(15)!);
    expect(ec).toMatchObject({ keyType: 'ec', namedCurveOid: OID.prime256v1 });
  });
});

describe('EF.SOD', () => {
  it('parses the LDSSecurityObject, signer info and embedded Document Signer certificate', () => {
    const sod = parseSod(cccd.files.get(FID.sod)!);
    expect(sod.lds.hashName).toBe('sha256');
    expect([...sod.lds.dataGroupHashes.keys()]).toEqual([1, 2, 13, 14, 15]);
    for (const [n, bytes] of cccd.dataGroups) {
      expect(toHex(sod.lds.dataGroupHashes.get(n)!)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    const si = sod.signerInfos[0]!;
    expect(si.contentType).toBe(OID.ldsSecurityObject);
    expect(toHex(si.messageDigest!)).toBe(createHash('sha256').update(sod.eContent).digest('hex'));
    expect(si.signedAttributesDer![0]).toBe(0x31);
    expect(si.signatureAlgorithm.oid).toBe(OID.ecdsaWithSha256);
    expect(si.signingTime?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(sod.certificates[0]!.subjectText).toContain('TEST Document Signer CCCD');
  });
  it('names EF.SOD when the content type is not an LDS security object', () => {
    const fake = der.tlv(0x77, der.seq(der.oid(OID.signedData), der.ctx(0, der.seq(der.int(3), der.setOf(), der.seq(der.oid(OID.data), der.ctx(0, der.octets(hex('00')))), der.setOf()))));
    expect(() => parseSod(fake)).toThrowError(malformedIn('EF.SOD'));
  });
});

describe('X.509 and master lists', () => {
  const cscaPem = readFileSync(join(__dirname, '..', '..', '..', 'resources', 'csca', 'test', 'TEST-ONLY-csca-vn.pem'), 'latin1');
  it('reads the TEST CSCA and links the DS certificate to it by key identifier', () => {
    const [csca] = certificatesFromPem(cscaPem);
    expect(csca!.isCa).toBe(true);
    expect(csca!.subjectText).toContain('NOT TRUSTED');
    expect(toHex(csca!.subject)).toBe(toHex(csca!.issuer));
    const ds = parseCertificate(cccd.documentSignerCertificate);
    expect(toHex(ds.authorityKeyIdentifier!)).toBe(toHex(csca!.subjectKeyIdentifier!));
    expect(ds.notAfter.toISOString()).toBe('2036-12-31T00:00:00.000Z');
  });
  it('reads certificates and the signer out of an ICAO CSCA master list', () => {
    const [csca] = certificatesFromPem(cscaPem);
    const pki = generateTestPki('ecdsa-p256');
    const ml = parseMasterList(buildMasterList([csca!.der, pki.cscaCertificate], pki.dsSigner, pki.dsCertificate));
    expect(ml.certificates.map((c) => c.subjectText).sort()).toEqual([csca!.subjectText, parseCertificate(pki.cscaCertificate).subjectText].sort());
    expect(ml.signedData.contentType).toBe(OID.cscaMasterList);
    expect(ml.signedData.certificates[0]!.subjectText).toContain('Throw-away test Document Signer');
    const notAList = der.seq(der.oid(OID.signedData), der.ctx(0, der.seq(der.int(3), der.setOf(), der.seq(der.oid(OID.data), der.ctx(0, der.octets(hex('00')))), der.setOf())));
    expect(() => parseMasterList(notAList)).toThrowError(malformedIn('CSCA master list'));
  });
});
