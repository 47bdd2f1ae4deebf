// Runs in: Node (vitest). A citizen who switched the kiosk to English reads the procedure files'
// English: every text of every shipped form (names, sectors, agencies, section titles, field labels
// and help, options, row labels, documents, notes, pattern messages) must have one, and it must not
// be the Vietnamese left in place. Vietnamese inside quotes is allowed: it is what the citizen must
// type or look for ("Hộ kinh doanh …").
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from './loader';

// Vietnamese letters that English never uses (precomposed, after NFC); as in src/renderer/i18n/messages.test.ts.
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
const QUOTED = /"[^"]*"|“[^”]*”|'[^']*'/gu;

interface Found {
  where: string;
  vi: string;
  en: string;
}

/** Every { vi, en } pair anywhere in a procedure file, with where it is. */
function texts(node: unknown, where: string, out: Found[] = []): Found[] {
  if (Array.isArray(node)) node.forEach((item, i) => texts(item, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.vi === 'string' && 'en' in o) out.push({ where, vi: o.vi, en: typeof o.en === 'string' ? o.en : '' });
    for (const [key, value] of Object.entries(o)) texts(value, `${where}.${key}`, out);
  }
  return out;
}

describe('the forms in English', () => {
  const catalogue = loadCatalogue();
  const files = [...catalogue.procedures.values(), ...catalogue.groups.values()];
  const all = files.flatMap((f) => texts(f, f.id));

  it('finds the texts it checks (the walk is not vacuous)', () => {
    expect(files.length).toBeGreaterThanOrEqual(11);
    // Every file has a name, sector and agency; procedures have many labels besides.
    expect(all.length).toBeGreaterThan(files.length * 10);
    expect(all.some((t) => t.where.endsWith('.rowLabel'))).toBe(true);
    expect(all.some((t) => /\.options\[\d+\]\.label$/u.test(t.where))).toBe(true);
    expect(all.some((t) => /\.documents\[\d+\]\.note$/u.test(t.where))).toBe(true);
  });

  it('every citizen-visible text has a non-empty English without Vietnamese letters', () => {
    const bad = all.filter((t) => t.en.trim() === '' || VIETNAMESE.test(t.en.replace(QUOTED, ''))).map((t) => `${t.where}: ${JSON.stringify(t.en)}`);
    expect(bad).toEqual([]);
  });

  it('the test itself catches a Vietnamese English and lets a quoted name through', () => {
    const check = (en: string) => VIETNAMESE.test(en.replace(QUOTED, ''));
    expect(check('Đăng ký khai sinh')).toBe(true);
    expect(check('Birth registration')).toBe(false);
    expect(check('The name must start with "Hộ kinh doanh".')).toBe(false);
  });
});
