// Runs in: Node (engine). Pure: procedure look-up that ignores diacritics and case, so
// "dang ky khai sinh" finds "Đăng ký khai sinh", "birth registration" finds it too, and a code
// ("1.001193") finds its procedure.
import { foldVietnamese } from '../validation/issues';
import type { Catalogue } from './catalogue';

export interface SearchHit {
  id: string;
  kind: 'procedure' | 'group';
  name: { vi: string; en: string };
  nationalCode: string | null;
  score: number;
}

export function searchProcedures(catalogue: Catalogue, query: string, limit = 20): SearchHit[] {
  const q = foldVietnamese(query.normalize('NFC'));
  if (!q) return [];
  const tokens = q.split(' ');
  const entries = [
    ...[...catalogue.procedures.values()].map((p) => ({ kind: 'procedure' as const, file: p })),
    ...[...catalogue.groups.values()].map((g) => ({ kind: 'group' as const, file: g })),
  ];
  const hits: SearchHit[] = [];
  for (const { kind, file } of entries) {
    const name = foldVietnamese(file.name.vi);
    const haystack = ` ${[name, foldVietnamese(file.name.en), ...file.keywords.map(foldVietnamese), file.codes.national ?? '', ...file.codes.provincial.map((c) => c.code)].join(' ')} `;
    const codeHit = file.codes.national !== null && query.trim() === file.codes.national;
    // Every token must start a word somewhere; a whole-phrase match in the Vietnamese name ranks first.
    if (!codeHit && !tokens.every((t) => haystack.includes(` ${t}`))) continue;
    let score = codeHit ? 100 : tokens.length;
    if (name === q) score += 20;
    // A phrase match in the name ranks first, and among those the shortest name: the plain
    // procedure before the interconnected group that contains its name.
    if (name.includes(q)) score += 10 + (10 * q.length) / name.length;
    // The same for the English name, for a citizen reading the kiosk in English.
    const en = foldVietnamese(file.name.en);
    if (en === q) score += 20;
    if (en.includes(q)) score += 10 + (10 * q.length) / en.length;
    if (codeHit && kind === 'group') score -= 1;
    hits.push({ id: file.id, kind, name: file.name, nationalCode: file.codes.national, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}
