// Runs in: any process (pure). DG1 = [APPLICATION 1] { 5F1F MRZ } (9303-10 §4.7.1).

import { parseMrz, type MrzFields } from './mrz';
import { inContext, readSingle, requireChild, value } from './tlv';

export interface Dg1 {
  mrz: MrzFields;
  /** The MRZ text as stored on the chip (no line breaks). */
  raw: string;
}

export function parseDg1(bytes: Uint8Array): Dg1 {
  return inContext('DG1', () => {
    const root = readSingle(bytes, 0x61, true);
    const mrzBytes = value(requireChild(root, 0x5f1f, 'MRZ (5F1F)'));
    const raw = String.fromCharCode(...mrzBytes);
    return { raw, mrz: parseMrz(raw) };
  });
}
