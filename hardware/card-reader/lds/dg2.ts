// Runs in: any process (pure). DG2 (9303-10 §4.7.2): biometric information template group
// 7F61 { 02 count, 7F60 { A1 header, 5F2E|7F2E biometric data block } } with an ISO/IEC 19794-5
// facial record inside; we return the encoded face image(s) and what format they are in.

import { KioskError } from '../../../src/shared/errors';
import { integer } from './asn1';
import { children, inContext, ldsMalformed, readSingle, requireChild, value, type Tlv } from './tlv';

export type FaceImageFormat = 'jpeg' | 'jpeg2000' | 'jpeg2000-codestream' | 'unknown';

export interface FaceImage {
  format: FaceImageFormat;
  /** MIME type of `data`. */
  mimeType: string;
  width: number;
  height: number;
  /** The encoded image exactly as stored on the chip. */
  data: Uint8Array;
}

export interface Dg2 {
  faces: FaceImage[];
}

function sniff(b: Uint8Array): FaceImageFormat {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 12 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0x0c && b[4] === 0x6a && b[5] === 0x50) return 'jpeg2000';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return 'jpeg2000-codestream';
  return 'unknown';
}

const MIME: Record<FaceImageFormat, string> = {
  jpeg: 'image/jpeg',
  jpeg2000: 'image/jp2',
  'jpeg2000-codestream': 'image/j2k',
  unknown: 'application/octet-stream',
};

const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Uint8Array, o: number): number => b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);

/** ISO/IEC 19794-5:2005 facial record data: header, facial info, feature points, image info, image. */
export function parseFacialRecord(bdb: Uint8Array): FaceImage[] {
  if (bdb.length < 14) throw ldsMalformed('facial record header truncated');
  if (bdb[0] !== 0x46 || bdb[1] !== 0x41 || bdb[2] !== 0x43 || bdb[3] !== 0) throw ldsMalformed('facial record does not start with "FAC\\0"');
  const recordLength = u32(bdb, 8);
  if (recordLength > bdb.length || recordLength < 14) throw ldsMalformed('facial record length disagrees with its container');
  const count = u16(bdb, 12);
  const faces: FaceImage[] = [];
  let p = 14;
  for (let i = 0; i < count; i++) {
    if (p + 20 > recordLength) throw ldsMalformed('facial information block truncated');
    const blockLength = u32(bdb, p);
    const featurePoints = u16(bdb, p + 4);
    const blockEnd = p + blockLength;
    if (blockLength < 32 || blockEnd > recordLength) throw ldsMalformed('facial information block length out of range');
    let q = p + 20 + featurePoints * 8;
    if (q + 12 > blockEnd) throw ldsMalformed('image information truncated');
    const imageDataType = bdb[q + 1]!;
    const width = u16(bdb, q + 2);
    const height = u16(bdb, q + 4);
    q += 12;
    const data = bdb.subarray(q, blockEnd);
    let format = sniff(data);
    // Trust the content over the declared type (0 = JPEG, 1 = JPEG 2000) when they disagree.
    if (format === 'unknown' && imageDataType === 1) format = 'jpeg2000-codestream';
    faces.push({ format, mimeType: MIME[format], width, height, data });
    p = blockEnd;
  }
  return faces;
}

function biometricDataBlock(bit: Tlv): Uint8Array {
  const block = children(bit).find((c) => c.tag === 0x5f2e || c.tag === 0x7f2e);
  if (!block) throw ldsMalformed('biometric information template without a data block (5F2E/7F2E)');
  return value(block);
}

export function parseDg2(bytes: Uint8Array): Dg2 {
  return inContext('DG2', () => {
    const root = readSingle(bytes, 0x75, true);
    const group = requireChild(root, 0x7f61, 'biometric information group template (7F61)');
    const kids = children(group);
    const countTlv = kids.find((k) => k.tag === 0x02);
    const templates = kids.filter((k) => k.tag === 0x7f60);
    if (countTlv && Number(integer(countTlv)) !== templates.length) throw ldsMalformed('template count disagrees with the templates present');
    if (templates.length === 0) throw ldsMalformed('no biometric information template (7F60)');
    return { faces: templates.flatMap((t) => parseFacialRecord(biometricDataBlock(t))) };
  });
}

/**
 * Synchronous check for the pure path: JPEG passes through; JPEG 2000 needs the decoder in
 * face-image.ts (`faceForDisplay`), so here it is a clear error rather than a broken image.
 */
export function displayableFace(face: FaceImage): { mimeType: 'image/jpeg'; data: Uint8Array } {
  if (face.format === 'jpeg') return { mimeType: 'image/jpeg', data: face.data };
  throw new KioskError({
    code: 'card.face-format-unsupported',
    technicianMessage: `DG2 face image is ${face.format}; decode it with faceForDisplay (face-image.ts)`,
    citizenMessage: 'Không hiển thị được ảnh chân dung trên thẻ. Thông tin khác vẫn được đọc bình thường.',
    retryable: false,
  });
}
