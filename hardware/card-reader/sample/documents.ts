// Runs in: Node (tests, simulator). Sample documents for the virtual chip: a Vietnamese CCCD (TD1,
// PACE + BAC) and a Vietnamese passport (TD3, BAC), personalised from committed TEST fixtures so
// the output is byte-for-byte reproducible. The people are fictional; the keys are test-only.

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cccdCan, cccdDocumentNumber, mrzCheckDigit } from '../lds/mrz';
import { certificatesFromPem } from '../lds/x509';
import {
  buildCccdCardAccess,
  buildDg1,
  buildDg13,
  buildDg14,
  buildDg15,
  buildDg2,
  buildEfCom,
  buildSod,
  type Dg13Input,
} from './lds-builder';
import { signerFor, spkiOf, type Signer } from './pki';

/** File identifiers (9303-10 §4.6/4.7). */
export const FID = {
  cardAccess: 0x011c,
  com: 0x011e,
  sod: 0x011d,
  dg: (n: number): number => 0x0100 + n,
} as const;

export interface SampleDocument {
  profile: 'cccd' | 'passport';
  /** FID -> complete file bytes, what the chip serves. */
  files: Map<number, Uint8Array>;
  /** DG number -> file bytes (the same data, keyed for passive authentication). */
  dataGroups: Map<number, Uint8Array>;
  /** CCCD: last six digits of the ID (PACE CAN). Empty for the passport. */
  can: string;
  mrz: { documentNumber: string; dateOfBirth: string; dateOfExpiry: string };
  mrzLines: string[];
  /** CCCD: the 12-digit citizen ID; passport: the ID carried as personal number. */
  idNumber: string;
  /** Active Authentication private key matching DG15. */
  aaPrivateKey: KeyObject;
  /** Chip Authentication private key matching DG14 (CCCD only). */
  chipAuthenticationPrivateKey?: KeyObject;
  /** The encoded face inside DG2 (JPEG, or JPEG 2000 for the passport with faceFormat 'jpeg2000'). */
  faceJpeg: Uint8Array;
  documentSignerCertificate: Uint8Array;
  /** The TEST CSCA the document chains to (also in resources/csca/test/). */
  cscaCertificate: Uint8Array;
  /** DG13 content (CCCD). */
  details?: Dg13Input;
}

export interface SampleOptions {
  /** After signing, alter this data group so its hash no longer matches the SOD (fault injection). */
  tamperDataGroup?: number;
  /** DG13 parent-name layout (both occur in the field). */
  parentLayout?: 'separate' | 'together';
  /** Sign with another Document Signer (e.g. one under an untrusted CSCA). */
  signer?: { signer: Signer; certificate: Uint8Array };
  /** Passport only: store the face as JPEG 2000 (fixtures/face-passport.jp2) instead of JPEG. */
  faceFormat?: 'jpeg' | 'jpeg2000';
  /**
   * CCCD only: another citizen's DG13 details over SAMPLE_CITIZEN's (keep the ID consistent with
   * the birth date). For a test that must find the citizen's data nowhere in the kiosk process,
   * not even in a loaded module's literals.
   */
  citizen?: Partial<Dg13Input>;
}

const here = dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): Buffer => readFileSync(join(here, 'fixtures', name));
const repoRoot = join(here, '..', '..', '..');

export function testCscaCertificate(): Uint8Array {
  const pem = readFileSync(join(repoRoot, 'resources', 'csca', 'test', 'TEST-ONLY-csca-vn.pem'), 'latin1');
  return certificatesFromPem(pem)[0]!.der;
}

function pemCert(name: string): Uint8Array {
  return certificatesFromPem(fixture(name).toString('latin1'))[0]!.der;
}

function padRight(s: string, n: number): string {
  if (s.length > n) throw new RangeError('MRZ field too long');
  return s.padEnd(n, '<');
}

/** Alters one printable byte so the structure still parses but the hash changes. */
function tamper(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  for (let i = out.length - 1; i >= 0; i--) {
    const b = out[i]!;
    if (b >= 0x41 && b <= 0x59) {
      out[i] = b + 1;
      return out;
    }
  }
  out[out.length - 1]! ^= 1;
  return out;
}

// Fictional citizen. ID rules: province 001 (Hà Nội), century/sex digit 1 (female, born 1900s),
// year 95, then a six-digit sequence.
export const SAMPLE_CITIZEN: Dg13Input = {
  idNumber: '001195012345',
  fullName: 'Trần Thị Minh Thư',
  dateOfBirth: '14/03/1995',
  sex: 'Nữ',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Đông Hợp, Huyện Đông Hưng, Tỉnh Thái Bình',
  placeOfResidence: 'Số nhà 18, Ngách 45/12, Ngõ 45 Phố Nguyễn Khuyến, Tổ dân phố số 7, Phường Văn Miếu, Quận Đống Đa, Thành phố Hà Nội',
  identifyingMarks: 'Nốt ruồi C:2cm trên trước đầu mày phải',
  dateOfIssue: '10/05/2021',
  dateOfExpiry: '14/03/2035',
  fatherName: 'Trần Văn Hùng',
  motherName: 'Nguyễn Thị Lan',
  oldIdNumber: '151234567',
  field16: '0A1B2C3D4E5F6071',
};

function finish(
  doc: Omit<SampleDocument, 'files' | 'dataGroups' | 'documentSignerCertificate' | 'cscaCertificate'>,
  dataGroups: Map<number, Uint8Array>,
  extraFiles: [number, Uint8Array][],
  defaultSigner: { signer: Signer; certificate: Uint8Array },
  options: SampleOptions,
): SampleDocument {
  const { signer, certificate } = options.signer ?? defaultSigner;
  const sod = buildSod(dataGroups, signer, certificate);
  const served = new Map(dataGroups);
  if (options.tamperDataGroup !== undefined) {
    const original = served.get(options.tamperDataGroup);
    if (!original) throw new RangeError(`DG${options.tamperDataGroup} is not in this document`);
    served.set(options.tamperDataGroup, tamper(original));
  }
  const files = new Map<number, Uint8Array>(extraFiles);
  files.set(FID.com, buildEfCom([...served.keys()]));
  for (const [n, b] of served) files.set(FID.dg(n), b);
  files.set(FID.sod, sod);
  return { ...doc, files, dataGroups: served, documentSignerCertificate: certificate, cscaCertificate: testCscaCertificate() };
}

/** A fictional CCCD: EF.CardAccess (PACE GM brainpoolP256r1 AES-128), COM, DG1, DG2, DG13, DG14, DG15, SOD. */
export function buildSampleCccd(options: SampleOptions = {}): SampleDocument {
  const p = { ...SAMPLE_CITIZEN, ...options.citizen, parentLayout: options.parentLayout ?? 'separate' };
  const documentNumber = cccdDocumentNumber(p.idNumber);
  const dob = '950314';
  const expiry = '350314';
  const l1 = `IDVNM${documentNumber}${mrzCheckDigit(documentNumber)}${p.idNumber}<<${mrzCheckDigit(p.idNumber)}`;
  const l2body = `${dob}${mrzCheckDigit(dob)}F${expiry}${mrzCheckDigit(expiry)}VNM${'<'.repeat(11)}`;
  const composite = mrzCheckDigit(l1.slice(5, 30) + l2body.slice(0, 7) + l2body.slice(8, 15) + l2body.slice(18, 29));
  const mrzLines = [l1, l2body + composite, padRight('TRAN<<THI<MINH<THU', 30)];

  const face = new Uint8Array(fixture('face-cccd.jpg'));
  const aaKey = createPrivateKey(fixture('aa-cccd.key.pem'));
  const caKey = createPrivateKey(fixture('ca-cccd.key.pem'));
  const dataGroups = new Map<number, Uint8Array>([
    [1, buildDg1(mrzLines)],
    [2, buildDg2(face, 360, 480, false, 'F')],
    [13, buildDg13(p)],
    [14, buildDg14(spkiOf(caKey))],
    [15, buildDg15(spkiOf(aaKey))],
  ]);
  const dsKey = createPrivateKey(fixture('ds-cccd.key.pem'));
  return finish(
    {
      profile: 'cccd',
      can: cccdCan(p.idNumber),
      mrz: { documentNumber, dateOfBirth: dob, dateOfExpiry: expiry },
      mrzLines,
      idNumber: p.idNumber,
      aaPrivateKey: aaKey,
      chipAuthenticationPrivateKey: caKey,
      faceJpeg: face,
      details: p,
    },
    dataGroups,
    [[FID.cardAccess, buildCccdCardAccess()]],
    { signer: signerFor(dsKey, 'ecdsa-brainpoolP256r1'), certificate: pemCert('ds-cccd.pem') },
    options,
  );
}

/** A fictional Vietnamese passport (TD3, BAC only): COM, DG1, DG2, DG15 (EC AA key), SOD (RSA DS). */
export function buildSamplePassport(options: SampleOptions = {}): SampleDocument {
  const documentNumber = 'C0123456';
  const personal = '079088001234';
  const dob = '880612';
  const expiry = '340105';
  const doc9 = padRight(documentNumber, 9);
  const pn = padRight(personal, 14);
  const body = `${doc9}${mrzCheckDigit(doc9)}VNM${dob}${mrzCheckDigit(dob)}M${expiry}${mrzCheckDigit(expiry)}${pn}${mrzCheckDigit(pn)}`;
  const composite = mrzCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  const mrzLines = [padRight('P<VNMLE<<VAN<NAM', 44), body + composite];
  const jp2 = options.faceFormat === 'jpeg2000';
  const face = new Uint8Array(fixture(jp2 ? 'face-passport.jp2' : 'face-passport.jpg'));
  const aaKey = createPrivateKey(fixture('aa-passport.key.pem'));
  const dataGroups = new Map<number, Uint8Array>([
    [1, buildDg1(mrzLines)],
    [2, buildDg2(face, 360, 480, jp2, 'M')],
    [15, buildDg15(spkiOf(aaKey))],
  ]);
  const dsKey = createPrivateKey(fixture('ds-passport.key.pem'));
  return finish(
    {
      profile: 'passport',
      can: '',
      mrz: { documentNumber, dateOfBirth: dob, dateOfExpiry: expiry },
      mrzLines,
      idNumber: personal,
      aaPrivateKey: aaKey,
      faceJpeg: face,
    },
    dataGroups,
    [],
    { signer: signerFor(dsKey, 'rsa-pkcs1'), certificate: pemCert('ds-passport.pem') },
    options,
  );
}
