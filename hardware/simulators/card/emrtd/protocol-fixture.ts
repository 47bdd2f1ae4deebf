// Runs in: Node (tests, benchmarks). A structurally valid LDS file set with synthetic, obviously
// fake content, for exercising access control and secure messaging where the document content
// does not matter (no SOD signature: passive authentication is tested with the sample CCCD).
import { encodeTlv } from '../../../card-reader/sm/tlv';
import { concat } from '../../../card-reader/crypto/bytes';
import { FID_COM, FID_SOD, fidForDg } from './applet';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Deterministic filler so a byte lost or reordered anywhere shows up as a mismatch. */
function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export interface ProtocolFixtureOptions {
  /** Size of the DG2 payload (default 20 000 bytes, a typical CCCD face). */
  dg2Size?: number;
  /** Extra groups to list in EF.COM without providing them (e.g. 3, answered 6A82/6982). */
  listedButAbsent?: number[];
}

export function protocolFixtureFiles(options: ProtocolFixtureOptions = {}): Map<number, Uint8Array> {
  const present = [1, 2, 13, 14];
  const tags: Record<number, number> = { 1: 0x61, 2: 0x75, 3: 0x63, 13: 0x6d, 14: 0x6e, 15: 0x6f };
  const listed = [...present, ...(options.listedButAbsent ?? [])];
  const com = encodeTlv(0x60, concat(encodeTlv(0x5f01, ascii('0107')), encodeTlv(0x5f36, ascii('040000')), encodeTlv(0x5c, Uint8Array.from(listed.map((d) => tags[d]!)))));
  const mrz = 'IDVNM0930470641001093047064<<2' + '9301054M3301052VNM<<<<<<<<<<<8' + 'FIXTURE<<PROTOCOL<<<<<<<<<<<<<';
  const files = new Map<number, Uint8Array>([
    [FID_COM, com],
    [fidForDg(1), encodeTlv(0x61, encodeTlv(0x5f1f, ascii(mrz)))],
    [fidForDg(2), encodeTlv(0x75, encodeTlv(0x7f61, concat(encodeTlv(0x02, Uint8Array.of(1)), encodeTlv(0x7f60, encodeTlv(0x5f2e, pattern(options.dg2Size ?? 20000, 2))))))],
    [fidForDg(13), encodeTlv(0x6d, pattern(700, 13))],
    [fidForDg(14), encodeTlv(0x6e, pattern(300, 14))],
    [FID_SOD, encodeTlv(0x77, pattern(1800, 29))],
  ]);
  return files;
}
