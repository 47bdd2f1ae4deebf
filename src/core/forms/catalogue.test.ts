// Runs in: Node (vitest). The shipped catalogue is valid (this is the CI run of `forms check`), the
// schema rejects broken files naming file, path and reason, one bad file disables only itself, and
// the loader survives thousands of random and mutated files.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { command } from '../../cli/commands/forms';
import { isKioskError } from '../../shared/errors';
import { buildCatalogue, catalogueProblems, DEFAULT_FORMS_DIR, loadCatalogue } from './loader';

const shipped = readdirSync(DEFAULT_FORMS_DIR).filter((f) => /\.ya?ml$/u.test(f));
const khaiSinh = readFileSync(path.join(DEFAULT_FORMS_DIR, 'khai-sinh.yaml'), 'utf8');
const tmp = mkdtempSync(path.join(tmpdir(), 'forms-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('shipped catalogue', () => {
  const catalogue = loadCatalogue();
  it('every file under forms/ is valid', () => {
    expect(catalogueProblems(catalogue)).toEqual([]);
    expect(catalogue.procedures.size + catalogue.groups.size).toBe(shipped.length);
  });
  it('has the procedures and both interconnected groups issue 6 asks for', () => {
    for (const id of ['khai-sinh', 'dang-ky-thuong-tru', 'bhyt-tre-em-duoi-6', 'khai-tu', 'xoa-dang-ky-thuong-tru', 'tro-cap-mai-tang', 'ly-lich-tu-phap', 'thay-doi-thong-tin-cu-tru', 'ho-kinh-doanh']) {
      expect(catalogue.procedures.has(id), id).toBe(true);
    }
    expect(catalogue.groups.get('lien-thong-khai-sinh')?.members.map((m) => m.procedure)).toEqual(['khai-sinh', 'dang-ky-thuong-tru', 'bhyt-tre-em-duoi-6']);
    expect(catalogue.groups.get('lien-thong-khai-tu')?.members.map((m) => m.procedure)).toEqual(['khai-tu', 'xoa-dang-ky-thuong-tru', 'tro-cap-mai-tang']);
  });
  it('gives every category its own picture, the same one wherever the category appears', () => {
    const files = [...catalogue.procedures.values(), ...catalogue.groups.values()];
    const iconOf = new Map<string, Set<string>>();
    for (const { sector } of files) iconOf.set(sector.vi, (iconOf.get(sector.vi) ?? new Set()).add(sector.icon));
    for (const [sector, icons] of iconOf) {
      expect([...icons], sector).toHaveLength(1);
      expect([...icons][0], `${sector} falls back to the generic picture`).not.toBe('document');
    }
    // No two categories share a picture, or the picture would not tell them apart.
    expect(new Set([...iconOf.values()].map((s) => [...s][0])).size).toBe(iconOf.size);
  });
  it('uses the MaTTHC codes from the reference notes', () => {
    expect(catalogue.procedures.get('khai-sinh')?.codes.national).toBe('1.001193');
    expect(catalogue.procedures.get('dang-ky-thuong-tru')?.codes.national).toBe('1.004222');
    expect(catalogue.procedures.get('khai-tu')?.codes.national).toBe('1.000656');
  });
});

function check(file: string, text: string) {
  return catalogueProblems(buildCatalogue([{ file, text }]));
}

describe('schema rejects broken files with file, path and reason', () => {
  it('wrong field type names the key', () => {
    const problems = check('broken.yaml', khaiSinh.replace('type: personalId', 'type: idnumber'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'broken.yaml', path: 'sections[0].fields[1].type' });
    expect(problems[0]!.reason).toMatch(/personalId/u);
  });
  it('a missing required key', () => {
    const problems = check('nofee.yaml', khaiSinh.replace(/^fee:\n(  .*\n)+/mu, ''));
    expect(problems).toEqual([expect.objectContaining({ file: 'nofee.yaml', path: 'fee' })]);
  });
  it('an unknown key (typo) is an error, not ignored', () => {
    const problems = check('typo.yaml', khaiSinh.replace('required: true', 'requird: true'));
    expect(problems[0]).toMatchObject({ path: 'sections[0].fields[0]' });
    expect(problems[0]!.reason).toMatch(/requird/u);
  });
  it('a condition that refers to a field that does not exist', () => {
    const problems = check('ref.yaml', khaiSinh.replace('when: { field: fatherDeclared.declared, equals: true }', 'when: { field: fatherDeclared.decalred, equals: true }'));
    expect(problems[0]).toMatchObject({ path: 'sections[4].when', reason: 'refers to unknown field "fatherDeclared.decalred"' });
  });
  it('an upstream mapping or print placeholder to an unknown field', () => {
    expect(check('u.yaml', khaiSinh.replace('nksDanToc: child.ethnicity', 'nksDanToc: child.ethnic'))[0]).toMatchObject({ path: 'upstream.fields.nksDanToc' });
    expect(check('d.yaml', khaiSinh.replace('value: "{{child.nationality}}"', 'value: "{{child.nation}}"'))[0]?.reason).toContain('child.nation');
  });
  it('invalid YAML and invalid JSON', () => {
    expect(check('bad.yaml', 'id: [unclosed')[0]).toMatchObject({ file: 'bad.yaml', path: '' });
    expect(check('bad.json', '{"id":')[0]?.reason).toMatch(/^not valid JSON/u);
    expect(check('dup.yaml', 'a: 1\na: 2\n')[0]?.reason).toMatch(/YAML/u);
  });
  it('a group whose member is missing is disabled with the member named', () => {
    const group = readFileSync(path.join(DEFAULT_FORMS_DIR, 'lien-thong-khai-tu.yaml'), 'utf8');
    const cat = buildCatalogue([{ file: 'g.yaml', text: group }]);
    expect(cat.groups.size).toBe(0);
    expect(catalogueProblems(cat)[0]).toMatchObject({ path: 'members[0].procedure', reason: 'member procedure "khai-tu" is missing or disabled' });
  });
});

describe('a malformed file never takes the catalogue down', () => {
  it('disables that procedure with its reason; the others load', () => {
    const dir = path.join(tmp, 'mixed');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const f of shipped) writeFileSync(path.join(dir, f), readFileSync(path.join(DEFAULT_FORMS_DIR, f)));
    writeFileSync(path.join(dir, 'khai-tu.yaml'), 'kind: procedure\nid: khai-tu\n');
    const cat = loadCatalogue(dir);
    expect(cat.procedures.has('khai-tu')).toBe(false);
    expect(cat.disabled.find((d) => d.file === 'khai-tu.yaml')?.problems.length).toBeGreaterThan(0);
    // The death group depends on it, so it is disabled too; the birth group still works.
    expect(cat.groups.has('lien-thong-khai-tu')).toBe(false);
    expect(cat.groups.has('lien-thong-khai-sinh')).toBe(true);
    expect(cat.procedures.size).toBe(shipped.filter((f) => !f.startsWith('lien-thong')).length - 1);
  });
  it('`kiosk forms check DIR` exits 1 and prints file, path and reason', async () => {
    const dir = path.join(tmp, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'x.yaml'), khaiSinh.replace('type: personalId', 'type: idnumber'));
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    try {
      expect(await command.run(['check', dir])).toBe(1);
      expect(await command.run(['check'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(lines[0]).toBe(`${path.join(dir, 'x.yaml')} sections[0].fields[1].type: ${check('x.yaml', khaiSinh.replace('type: personalId', 'type: idnumber'))[0]!.reason}`);
  });
  it('an unreadable directory is a KioskError', () => {
    try {
      loadCatalogue(path.join(tmp, 'does-not-exist'));
      expect.unreachable();
    } catch (e) {
      expect(isKioskError(e) && e.code).toBe('forms.dir-unreadable');
    }
  });
});

describe('fuzz: the loader only ever reports problems', () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  it('survives 120 mutated copies of a real file and 2,000 random strings', () => {
    const files: { file: string; text: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const chars = khaiSinh.split('');
      const edits = 1 + Math.floor(rand() * 5);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * chars.length);
        const op = rand();
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, ':{}[]-#&*!|>\'"%@`\n '[Math.floor(rand() * 20)] ?? ' ');
        else chars[at] = String.fromCharCode(Math.floor(rand() * 0x3000));
      }
      files.push({ file: `m${i}.yaml`, text: chars.join('') });
    }
    for (let i = 0; i < 2000; i++) {
      files.push({ file: `r${i}.${i % 2 ? 'json' : 'yaml'}`, text: Array.from({ length: Math.floor(rand() * 200) }, () => String.fromCharCode(Math.floor(rand() * 0x7f))).join('') });
    }
    let loaded = 0;
    for (const f of files) {
      const cat = buildCatalogue([f]);
      loaded += cat.procedures.size;
      for (const p of catalogueProblems(cat)) {
        expect(p.file).toBe(f.file);
        expect(typeof p.reason).toBe('string');
      }
    }
    // Some mutations hit comments or text and stay valid; most must be caught.
    expect(loaded).toBeLessThan(120);
  });
});
