// Runs in: renderer (pure). Diacritics-insensitive procedure search: an elderly citizen typing
// "dang ky khai sinh" without tones must find "Đăng ký khai sinh".

/** Lower case, no tone or shape marks, đ -> d, punctuation to spaces, single spaces. */
export function normalizeForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const words = (s: string): string[] => {
  const n = normalizeForSearch(s);
  return n === '' ? [] : n.split(' ');
};

/**
 * True when every word of the query starts a word of the text, in any order ("khai sinh" finds
 * "Đăng ký khai sinh"; "inh" does not find "sinh"). An empty query matches everything.
 */
export function matches(query: string, text: string): boolean {
  const q = words(query);
  if (q.length === 0) return true;
  const t = words(text);
  return q.every((qw) => t.some((tw) => tw.startsWith(qw)));
}

/**
 * Filters and orders items for a search box: whole-phrase prefix first, then whole-phrase
 * anywhere, then scattered words; ties keep the original (curated) order.
 */
export function searchItems<T>(query: string, items: readonly T[], text: (item: T) => string): T[] {
  const q = normalizeForSearch(query);
  if (q === '') return [...items];
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const t = text(item);
    if (!matches(query, t)) return;
    const n = normalizeForSearch(t);
    const score = n.startsWith(q) ? 0 : (' ' + n).includes(' ' + q) ? 1 : 2;
    scored.push({ item, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.item);
}
