// Runs in: any process (pure). EF.COM (9303-10 §4.6.1): LDS version, Unicode version, DG tag list.

import { inContext, readSingle, requireChild, findChild, value } from './tlv';

export interface EfCom {
  /** "0107" style: LDS 1.7. */
  ldsVersion: string;
  unicodeVersion: string;
  /** Data-group tags present (0x61 = DG1, 0x75 = DG2, 0x6D = DG13, ...). */
  tags: number[];
  /** Data-group numbers derived from the tags, in file order. */
  dataGroups: number[];
}

/** Data-group number for each LDS1 DG tag (9303-10 Table 34). */
export const DG_TAGS: Record<number, number> = {
  0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8,
  0x69: 9, 0x6a: 10, 0x6b: 11, 0x6c: 12, 0x6d: 13, 0x6e: 14, 0x6f: 15, 0x70: 16,
};

export function dgTagFor(dg: number): number | undefined {
  for (const [tag, n] of Object.entries(DG_TAGS)) if (n === dg) return Number(tag);
  return undefined;
}

export function parseEfCom(bytes: Uint8Array): EfCom {
  return inContext('EF.COM', () => {
    const root = readSingle(bytes, 0x60, true);
    const ascii = (b: Uint8Array): string => String.fromCharCode(...b);
    const lds = ascii(value(requireChild(root, 0x5f01, 'LDS version (5F01)')));
    const uni = findChild(root, 0x5f36);
    const tags = [...value(requireChild(root, 0x5c, 'tag list (5C)'))];
    return {
      ldsVersion: lds,
      unicodeVersion: uni ? ascii(value(uni)) : '',
      tags,
      dataGroups: tags.map((t) => DG_TAGS[t]).filter((n): n is number => n !== undefined),
    };
  });
}
