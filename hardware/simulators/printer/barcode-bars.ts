// Runs in: Node (simulator). The bars a receipt printer draws for `GS k`: CODE128 (with ESC/POS's
// `{A`/`{B`/`{C` code-set prefixes), CODE39, EAN-13, UPC-A and ITF, as module widths. With them
// the virtual printer's picture carries a barcode any scanner (and our own decoder) can read, so
// a print → render → decode round trip tests the driver's bytes, not just their shape.

/** Alternating bar/space widths in modules, starting with a bar. */
export type BarWidths = number[];

/** ESC/POS `GS k` system numbers (function B, m = 65..73). */
export const SYSTEM = { UPCA: 65, EAN13: 67, CODE39: 69, ITF: 70, CODE128: 73 } as const;

// Code 128 symbol patterns, values 0..106 (106 = stop, 7 elements); each other pattern is 11 modules.
const C128 = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212 112232 122132 122231 113222 ' +
  '123122 123221 223211 221132 221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 212123 212321 ' +
  '232121 111323 131123 131321 112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121 ' +
  '313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 314111 221411 431111 111224 ' +
  '111422 121124 121421 141122 141221 112214 112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113 ' +
  '114311 411113 411311 113141 114131 311141 411131 211412 211214 211232 2331112'
)
  .split(' ')
  .map((p) => [...p].map(Number));
export const CODE128_PATTERNS = C128;

type Set128 = 'A' | 'B' | 'C';
const START: Record<Set128, number> = { A: 103, B: 104, C: 105 };
const SWITCH_TO: Record<Set128, number> = { A: 101, B: 100, C: 99 };

/**
 * ESC/POS CODE128 data: a leading `{A`, `{B` or `{C` picks the code set; `{A/{B/{C` later switch
 * it, `{S` shifts one character, `{1..{4` are FNC1..4, and `{{` is a literal brace.
 */
export function code128Values(data: Uint8Array): number[] | null {
  if (data.length < 2 || data[0] !== 0x7b) return null;
  let set = String.fromCharCode(data[1]!) as Set128;
  if (!(set in START)) return null;
  const values = [START[set]];
  for (let i = 2; i < data.length; i++) {
    const c = data[i]!;
    if (c === 0x7b && i + 1 < data.length && data[i + 1] !== 0x7b) {
      const code = String.fromCharCode(data[++i]!);
      if (code === 'A' || code === 'B' || code === 'C') {
        if (code !== set) values.push(SWITCH_TO[code]);
        set = code;
      } else if (code === '1') values.push(102);
      else if (code === '2') values.push(97);
      else if (code === '3') values.push(96);
      else if (code === '4') values.push(set === 'A' ? 101 : 100);
      else if (code === 'S') values.push(98);
      else return null;
      continue;
    }
    if (c === 0x7b) i++; // "{{" = one "{"
    if (set === 'C') {
      // Code set C carries digit pairs; ESC/POS sends each pair as one byte 0..99.
      if (c > 99) return null;
      values.push(c);
    } else if (set === 'B') {
      if (c < 0x20 || c > 0x7f) return null;
      values.push(c - 0x20);
    } else {
      if (c > 0x5f) return null;
      values.push(c < 0x20 ? c + 64 : c - 0x20);
    }
  }
  const check = values.reduce((sum, v, i) => sum + v * Math.max(1, i), 0) % 103;
  return [...values, check, 106];
}

function code128(data: Uint8Array): BarWidths | null {
  const values = code128Values(data);
  return values ? values.flatMap((v) => C128[v]!) : null;
}

// Code 39: 9 elements per character, "1" = wide; a narrow space separates characters.
const C39_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%*';
const C39 = [
  '000110100', '100100001', '001100001', '101100000', '000110001', '100110000', '001110000', '000100101', '100100100', '001100100',
  '100001001', '001001001', '101001000', '000011001', '100011000', '001011000', '000001101', '100001100', '001001100', '000011100',
  '100000011', '001000011', '101000010', '000010011', '100010010', '001010010', '000000111', '100000110', '001000110', '000010110',
  '110000001', '011000001', '111000000', '010010001', '110010000', '011010000', '010000101', '110000100', '011000100', '010101000',
  '010100010', '010001010', '000101010', '010010100',
];

function code39(data: Uint8Array, wide: number): BarWidths | null {
  // The printer adds the "*" start/stop characters itself when the data lacks them.
  let text = new TextDecoder('latin1').decode(data);
  if (!text.startsWith('*')) text = `*${text}*`;
  const out: number[] = [];
  for (const [i, ch] of [...text].entries()) {
    const k = C39_CHARS.indexOf(ch);
    if (k < 0) return null;
    if (i > 0) out.push(1);
    out.push(...[...C39[k]!].map((b) => (b === '1' ? wide : 1)));
  }
  return out;
}

// EAN-13 / UPC-A: L, G and R digit codes (7 modules each) and the first digit's parity pattern.
const EAN_L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const EAN_R = EAN_L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).join(''));
const EAN_G = EAN_R.map((p) => [...p].reverse().join(''));
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

export function eanCheckDigit(digits: string): number {
  // Weights 3,1,3,… from the rightmost data digit.
  const sum = [...digits].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10;
}

/** Bit string ("1" = bar module) to alternating widths starting with a bar. */
function runs(bits: string): BarWidths {
  const out: number[] = [];
  let i = 0;
  while (i < bits.length) {
    let j = i;
    while (j < bits.length && bits[j] === bits[i]) j++;
    out.push(j - i);
    i = j;
  }
  return out;
}

function ean13(data: Uint8Array): BarWidths | null {
  const text = new TextDecoder('latin1').decode(data);
  if (!/^\d{12,13}$/.test(text)) return null;
  // Like the printers, the check digit is computed: a 13th digit sent is replaced.
  const digits = text.slice(0, 12) + eanCheckDigit(text.slice(0, 12));
  const parity = EAN_PARITY[Number(digits[0])]!;
  let bits = '101';
  for (let i = 1; i <= 6; i++) bits += (parity[i - 1] === 'L' ? EAN_L : EAN_G)[Number(digits[i])];
  bits += '01010';
  for (let i = 7; i <= 12; i++) bits += EAN_R[Number(digits[i])];
  bits += '101';
  return runs(bits);
}

function upca(data: Uint8Array): BarWidths | null {
  const text = new TextDecoder('latin1').decode(data);
  if (!/^\d{11,12}$/.test(text)) return null;
  // UPC-A is EAN-13 with a leading 0.
  return ean13(new TextEncoder().encode(`0${text.slice(0, 11)}`));
}

// ITF: digit pairs interleaved, the first digit in the bars and the second in the spaces.
const ITF_DIGITS = ['00110', '10001', '01001', '11000', '00101', '10100', '01100', '00011', '10010', '01010'];

function itf(data: Uint8Array, wide: number): BarWidths | null {
  const text = new TextDecoder('latin1').decode(data);
  if (!/^(\d\d)+$/.test(text)) return null;
  const out = [1, 1, 1, 1];
  for (let i = 0; i < text.length; i += 2) {
    const bars = ITF_DIGITS[Number(text[i])]!;
    const spaces = ITF_DIGITS[Number(text[i + 1])]!;
    for (let k = 0; k < 5; k++) out.push(bars[k] === '1' ? wide : 1, spaces[k] === '1' ? wide : 1);
  }
  out.push(wide, 1, 1);
  return out;
}

/**
 * Module widths for a `GS k` barcode, or null for a system or data this printer would refuse
 * (a real printer prints nothing then). `wide` is the wide:narrow ratio of two-width symbologies.
 */
export function barWidths(system: number, data: Uint8Array, wide = 3): BarWidths | null {
  switch (system) {
    case SYSTEM.CODE128:
      return code128(data);
    case SYSTEM.CODE39:
    case 4: // function A numbering
      return code39(data, wide);
    case SYSTEM.EAN13:
    case 2:
      return ean13(data);
    case SYSTEM.UPCA:
    case 0:
      return upca(data);
    case SYSTEM.ITF:
    case 5:
      return itf(data, wide);
    default:
      return null;
  }
}

/** The human-readable text (HRI) printed with the bars. */
export function hriText(system: number, data: Uint8Array): string {
  const text = new TextDecoder('latin1').decode(data);
  if (system === SYSTEM.CODE128) {
    return text.startsWith('{C') ? [...data.slice(2)].map((b) => String(b).padStart(2, '0')).join('') : text.replace(/^\{[ABC]/, '').replace(/\{[ABCS1-4]/g, '').replace(/\{\{/g, '{');
  }
  if (system === SYSTEM.EAN13 || system === 2) return text.slice(0, 12) + eanCheckDigit(text.slice(0, 12));
  return text;
}
