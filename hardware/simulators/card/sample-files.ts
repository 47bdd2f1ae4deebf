// Runs in: Node (simulator, tests, benchmarks). Deterministic TLV files for the generic
// file-system card: the sizes of a CCCD's files, with filler content (no personal data).
import { concatBytes, encodeBerLength, fromHex } from '../../card-reader/iso7816/apdu';
import { createFileSystemApplet, type FileSystemApplet, type FileSystemAppletOptions } from './fs-applet';

/** The eMRTD application identifier (ICAO 9303-10). */
export const EMRTD_AID = fromHex('A0000002471001');

/** A BER-TLV object with `tag` and a value of `valueLength` bytes of seeded pseudo-random filler. */
export function tlvFile(tag: number, valueLength: number, seed = tag): Uint8Array {
  const tagBytes = tag > 0xff ? Uint8Array.of(tag >> 8, tag & 0xff) : Uint8Array.of(tag);
  const value = new Uint8Array(valueLength);
  let s = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < valueLength; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    value[i] = s & 0xff;
  }
  return concatBytes(tagBytes, encodeBerLength(valueLength), value);
}

/** FIDs of the sample layout (eMRTD numbering, so tools that know ICAO names recognise them). */
export const SAMPLE_FID = { cardAccess: 0x011c, com: 0x011e, dg1: 0x0101, dg2: 0x0102, dg13: 0x010d, sod: 0x011d, large: 0x0110 } as const;

/**
 * The sample card: EF.CardAccess-sized file in the MF; in the eMRTD application a COM, a
 * 93-byte DG1, a 20 KB DG2-sized file, a DG13-sized file, a SOD-sized file and a 40 KB file
 * (offsets above 0x7FFF), with the ICAO short EF identifiers.
 */
export function sampleFiles(): { mf: Map<number, Uint8Array>; app: Map<number, Uint8Array>; sfi: Map<number, number> } {
  const app = new Map<number, Uint8Array>([
    [SAMPLE_FID.com, tlvFile(0x60, 20)],
    [SAMPLE_FID.dg1, tlvFile(0x61, 91)],
    [SAMPLE_FID.dg2, tlvFile(0x75, 20000)],
    [SAMPLE_FID.dg13, tlvFile(0x6d, 700)],
    [SAMPLE_FID.sod, tlvFile(0x77, 1900)],
    [SAMPLE_FID.large, tlvFile(0x70, 40000)],
  ]);
  const sfi = new Map<number, number>([
    [0x1e, SAMPLE_FID.com],
    [0x01, SAMPLE_FID.dg1],
    [0x02, SAMPLE_FID.dg2],
    [0x0d, SAMPLE_FID.dg13],
    [0x1d, SAMPLE_FID.sod],
    [0x10, SAMPLE_FID.large],
  ]);
  return { mf: new Map([[SAMPLE_FID.cardAccess, tlvFile(0x31, 50)]]), app, sfi };
}

/** A file-system card with the sample layout; options override transport behaviour. */
export function createSampleFsApplet(options: Omit<FileSystemAppletOptions, 'files' | 'applications'> = {}): FileSystemApplet {
  const { mf, app, sfi } = sampleFiles();
  return createFileSystemApplet({ ...options, files: mf, applications: [{ aid: EMRTD_AID, files: app, sfi }] });
}
