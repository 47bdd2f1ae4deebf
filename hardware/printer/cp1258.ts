// Runs in: Node (engine). Pure. Unicode -> Windows-1258 for printers that carry the Vietnamese
// code page. CP1258 has the base letters (ă â ê ô ơ ư đ and a few toned ones) precomposed, and the
// five tones as combining bytes, so text is decomposed and recomposed against the table.
import { KioskError } from '../../src/shared/errors';

const table = new Map<string, number>();
{
  const dec = new TextDecoder('windows-1258');
  for (let b = 0x20; b <= 0xff; b++) {
    if (b >= 0x7f && b < 0xa0 && b !== 0x80) continue;
    const ch = dec.decode(Uint8Array.of(b));
    if (ch !== '\ufffd' && !table.has(ch)) table.set(ch, b);
  }
}

/** The five Vietnamese tones, which CP1258 carries as combining bytes. */
const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

/** Encodes NFC or NFD text; throws a KioskError naming the first character CP1258 cannot carry. */
export function encodeCp1258(text: string): Uint8Array {
  const out: number[] = [];
  // Greedy: try the longest NFC prefix of each grapheme's decomposition that the table holds,
  // then emit the rest as combining bytes.
  for (const cluster of text.normalize('NFC')) {
    if (cluster === '\n') {
      out.push(0x0a);
      continue;
    }
    const direct = table.get(cluster);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // NFD orders marks by combining class (dot below before circumflex), so split the tone from
    // the letter-shaping marks and recompose the letter first: ệ = (e + circumflex) + dot below.
    const marks = [...cluster.normalize('NFD')];
    const base = marks.shift() ?? '';
    const tones = marks.filter((m) => TONES.has(m));
    const shape = (base + marks.filter((m) => !TONES.has(m)).join('')).normalize('NFC');
    let done = false;
    const whole = table.get((shape + tones.join('')).normalize('NFC'));
    const sb = table.get(shape);
    const tb = tones.map((t) => table.get(t));
    if (whole !== undefined) {
      out.push(whole);
      done = true;
    } else if (sb !== undefined && tb.every((t) => t !== undefined)) {
      out.push(sb, ...(tb as number[]));
      done = true;
    }
    if (!done) {
      throw new KioskError({
        code: 'printer.unencodable-text',
        technicianMessage: `character U+${cluster.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} has no CP1258 encoding`,
        citizenMessage: 'Không in được một số ký tự. Xin vui lòng báo cán bộ.',
      });
    }
  }
  return Uint8Array.from(out);
}
