// Runs in: renderer (pure, also unit-tested under Node). Telex input method: turns the keys a
// citizen presses on the on-screen keyboard into Vietnamese text, always NFC.
//
// The engine is stateless over the text: each key is applied to the word that ends the current
// value, so the keyboard needs no hidden buffer and a value coming from the ID card (maybe NFD)
// can be continued. Tone placement follows the "modern" rule (tone on the main vowel: hoà, khoẻ,
// thuỷ) that the Ministry of Education's spelling rules and current textbooks use; the "classic"
// rule (hòa, khỏe, thủy), which many names printed on older ID cards use, is an option. Search is
// diacritics-insensitive (lib/search), so either spelling is found.

export type ToneStyle = 'modern' | 'classic';
export interface TelexOptions {
  toneStyle?: ToneStyle;
}

/** 0 none, 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng. */
type Tone = 0 | 1 | 2 | 3 | 4 | 5;
const TONE_KEYS: Record<string, Tone> = { s: 1, f: 2, r: 3, x: 4, j: 5 };
const TONE_MARKS = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'] as const;

/** Vowel bases with their shape (hat, breve, horn) but without tone. */
const VOWEL_BASES = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'] as const;
const VOWELS = new Set<string>(VOWEL_BASES);
const MODIFIED = new Set(['ă', 'â', 'ê', 'ô', 'ơ', 'ư']);
const VALID_CODAS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);

/** precomposed lower-case char -> [base, tone] */
const DECOMPOSE = new Map<string, [string, Tone]>();
const COMPOSE = new Map<string, string>(); // `${base}${tone}` -> char
for (const base of VOWEL_BASES) {
  for (let t = 0; t <= 5; t++) {
    const ch = (base + TONE_MARKS[t]).normalize('NFC');
    DECOMPOSE.set(ch, [base, t as Tone]);
    COMPOSE.set(base + t, ch);
  }
}

interface Letter {
  base: string; // lower case, no tone ('đ' for d with stroke)
  upper: boolean;
}
interface Word {
  letters: Letter[];
  tone: Tone;
}

function parseWord(word: string): Word {
  const letters: Letter[] = [];
  let tone: Tone = 0;
  for (const ch of word.normalize('NFC')) {
    const lower = ch.toLowerCase();
    const upper = lower !== ch;
    const dec = DECOMPOSE.get(lower);
    if (dec) {
      letters.push({ base: dec[0], upper });
      if (dec[1] !== 0) tone = dec[1];
    } else {
      letters.push({ base: lower, upper });
    }
  }
  return { letters, tone };
}

const isVowel = (l: Letter | undefined): boolean => l !== undefined && VOWELS.has(l.base);

/** Splits a syllable into onset / nucleus / coda index ranges, treating the u of "qu" and the i of "gi" as consonants. */
function syllable(letters: Letter[]): { nStart: number; nEnd: number; coda: string; tail: boolean } {
  let i = 0;
  while (i < letters.length && !isVowel(letters[i])) i++;
  const onset = letters
    .slice(0, i)
    .map((l) => l.base)
    .join('');
  if (onset === 'q' && letters[i]?.base === 'u' && isVowel(letters[i + 1])) i++;
  else if (onset === 'g' && letters[i]?.base === 'i' && isVowel(letters[i + 1])) i++;
  const nStart = i;
  while (i < letters.length && isVowel(letters[i])) i++;
  const nEnd = i;
  let coda = '';
  while (i < letters.length && !isVowel(letters[i])) coda += letters[i++]!.base;
  return { nStart, nEnd, coda, tail: i < letters.length };
}

/** Index of the letter that carries the tone, or -1 when the word has no vowel. */
export function toneIndex(letters: readonly { base: string }[], style: ToneStyle = 'modern'): number {
  const ls = letters.map((l) => ({ base: l.base, upper: false }));
  const { nStart, nEnd, coda } = syllable(ls);
  const n = nEnd - nStart;
  if (n <= 0) return -1;
  // A shaped vowel (ê, ơ, â…) always carries the tone; in "ươ" it is the second one.
  for (let k = nEnd - 1; k >= nStart; k--) if (MODIFIED.has(ls[k]!.base)) return k;
  if (n === 1) return nStart;
  if (n >= 3) return nStart + 1;
  if (coda !== '') return nStart + 1;
  const pair = ls[nStart]!.base + ls[nStart + 1]!.base;
  if (style === 'modern' && (pair === 'oa' || pair === 'oe' || pair === 'uy')) return nStart + 1;
  return nStart;
}

function render(word: Word, style: ToneStyle): string {
  // "uơ" is only a whole syllable at the end (thuở, huơ); once anything follows it is "ươ"
  // (thương, người), so "thuow" + "ng" becomes "thương" as in Unikey.
  const ls = word.letters;
  for (let i = 0; i + 2 < ls.length; i++) {
    if (ls[i]!.base === 'u' && ls[i + 1]!.base === 'ơ' && ls[i - 1]?.base !== 'q') ls[i]!.base = 'ư';
  }
  const at = word.tone === 0 ? -1 : toneIndex(word.letters, style);
  let out = '';
  word.letters.forEach((l, i) => {
    const ch = VOWELS.has(l.base) ? COMPOSE.get(l.base + (i === at ? word.tone : 0))! : l.base;
    out += l.upper ? ch.toUpperCase() : ch;
  });
  return out.normalize('NFC');
}

const letter = (key: string, base?: string): Letter => ({ base: base ?? key.toLowerCase(), upper: key !== key.toLowerCase() });

/** Applies one key to one word (letters only). Returns the new word. */
export function applyKeyToWord(wordText: string, key: string, options: TelexOptions = {}): string {
  const style = options.toneStyle ?? 'modern';
  const word = parseWord(wordText);
  const k = key.toLowerCase();
  const { nStart, nEnd, coda, tail } = syllable(word.letters);
  // Once the word stops looking like a Vietnamese syllable (e.g. after an undo left "as"), keys
  // are typed literally, as Unikey does.
  const vietnamese = !tail && VALID_CODAS.has(coda);
  const nucleus = word.letters.slice(nStart, nEnd);
  const append = () => {
    word.letters.push(letter(key));
    return render(word, style);
  };

  if (!vietnamese) return append();

  const tone = TONE_KEYS[k];
  if (tone !== undefined) {
    if (nucleus.length === 0) return append();
    if (word.tone === tone) {
      word.tone = 0; // double tone key: undo and type the letter itself
      return append();
    }
    word.tone = tone;
    return render(word, style);
  }
  if (k === 'z') {
    if (word.tone === 0) return append();
    word.tone = 0;
    return render(word, style);
  }
  if (k === 'd') {
    const first = word.letters[0];
    if (first?.base === 'd' && nucleus.length === 0 && word.letters.length === 1) {
      first.base = 'đ';
      return render(word, style);
    }
    if (first?.base === 'đ' && word.letters.length === 1) {
      first.base = 'd';
      return append();
    }
    return append();
  }
  if (k === 'a' || k === 'e' || k === 'o') {
    const family: Record<string, [string[], string]> = { a: [['a', 'ă'], 'â'], e: [['e'], 'ê'], o: [['o', 'ơ'], 'ô'] };
    const [from, to] = family[k]!;
    for (let i = nucleus.length - 1; i >= 0; i--) {
      const l = nucleus[i]!;
      if (from.includes(l.base)) {
        l.base = to;
        return render(word, style);
      }
      if (l.base === to) {
        l.base = k; // "aaa" -> "aa"
        return append();
      }
    }
    return append();
  }
  if (k === 'w') {
    for (let i = 0; i + 1 < nucleus.length; i++) {
      const a = nucleus[i]!;
      const b = nucleus[i + 1]!;
      if ((a.base === 'u' || a.base === 'ư') && (b.base === 'o' || b.base === 'ô')) {
        // "uow" gives "uơ" at the end of the word (thuở) and "ươ" once a letter follows (render).
        if (a.base === 'ư' || nStart + i + 2 < word.letters.length) a.base = 'ư';
        b.base = 'ơ';
        return render(word, style);
      }
    }
    const shaped = nucleus.some((l) => l.base === 'ă' || l.base === 'ơ' || l.base === 'ư');
    const horn: Record<string, string> = { a: 'ă', â: 'ă', o: 'ơ', ô: 'ơ', u: 'ư' };
    if (!shaped) {
      for (let i = nucleus.length - 1; i >= 0; i--) {
        const to = horn[nucleus[i]!.base];
        if (to) {
          nucleus[i]!.base = to;
          return render(word, style);
        }
      }
    } else {
      // A second w undoes the horn/breve and types "w" itself.
      for (const l of nucleus) l.base = ({ ă: 'a', ơ: 'o', ư: 'u' } as Record<string, string>)[l.base] ?? l.base;
      return append();
    }
    if (nucleus.length === 0) {
      word.letters.push(letter(key, 'ư')); // "w" alone is ư: "nhw" -> "như"
      return render(word, style);
    }
    return append();
  }
  return append();
}

const WORD_TAIL = /\p{L}+$/u;

/** Applies one key (a single character) to the end of `text`, Telex-style. Output is NFC. */
export function telexInput(text: string, key: string, options: TelexOptions = {}): string {
  const nfc = text.normalize('NFC');
  if (!/^\p{L}$/u.test(key)) return (nfc + key).normalize('NFC');
  const m = WORD_TAIL.exec(nfc);
  const head = m ? nfc.slice(0, m.index) : nfc;
  return head + applyKeyToWord(m ? m[0] : '', key, options);
}

/** Types a whole key sequence (handy for tests and for replaying input). */
export function typeTelex(keys: string, options: TelexOptions = {}): string {
  let out = '';
  for (const key of keys) out = telexInput(out, key, options);
  return out;
}
