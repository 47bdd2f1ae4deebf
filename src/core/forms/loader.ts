// Runs in: Node (engine). Reads forms/, validates every file, and never lets one bad file take the
// kiosk down: a malformed procedure is disabled with its reasons, the others load.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { KioskError } from '../../shared/errors';
import { conditionPaths, fieldPaths, rowFieldPaths, type Catalogue, type DisabledEntry, type FormProblem } from './catalogue';
import { CatalogueFile, type GroupFile, type ProcedureFile } from './schema';
import { templatePaths } from './template';

export const DEFAULT_FORMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../forms');

const FORM_FILE = /\.(ya?ml|json)$/iu;

function formatPath(parts: readonly PropertyKey[]): string {
  return parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function zodProblems(file: string, error: z.ZodError): FormProblem[] {
  return error.issues.map((i) => ({ file, path: formatPath(i.path), reason: i.message }));
}

/** Parses one file's text (YAML or JSON) and checks it against the schema. */
export function parseCatalogueFile(file: string, text: string): { value?: CatalogueFile; problems: FormProblem[] } {
  let raw: unknown;
  if (/\.json$/iu.test(file)) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return { problems: [{ file, path: '', reason: `not valid JSON: ${(e as Error).message}` }] };
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return { problems: doc.errors.map((e) => ({ file, path: '', reason: `not valid YAML: ${e.message.split('\n')[0]}` })) };
    }
    raw = doc.toJS({ maxAliasCount: 50 });
  }
  const parsed = CatalogueFile.safeParse(raw);
  if (!parsed.success) return { problems: zodProblems(file, parsed.error) };
  return { value: parsed.data, problems: [] };
}

/** Checks a procedure's internal references: conditions, rules, upstream mapping, print layout. */
export function checkProcedureReferences(file: string, p: ProcedureFile): FormProblem[] {
  const problems: FormProblem[] = [];
  const known = fieldPaths(p);
  const need = (where: string, ref: string) => {
    if (!known.has(ref)) problems.push({ file, path: where, reason: `refers to unknown field "${ref}"` });
  };
  // A field of a repeating section has one value per row, so only something that is itself inside
  // that section's rows (its own fields, its table, its upstream row list) can refer to it.
  const rowFields = rowFieldPaths(p);
  const needIn = (where: string, ref: string, rows: string | null) => {
    need(where, ref);
    const owner = rowFields.get(ref);
    if (owner !== undefined && owner !== rows) {
      problems.push({ file, path: where, reason: `"${ref}" is in repeating section "${owner}"; only that section's own fields, table and upstream rows can refer to it` });
    }
  };
  const repeating = new Set(p.sections.filter((s) => s.repeat).map((s) => s.id));
  const needRows = (where: string, section: string) => {
    if (!repeating.has(section)) problems.push({ file, path: where, reason: `"${section}" is not a repeating section` });
  };
  const sectionIds = new Set<string>();
  p.sections.forEach((s, si) => {
    if (sectionIds.has(s.id)) problems.push({ file, path: `sections[${si}].id`, reason: `duplicate section id "${s.id}"` });
    sectionIds.add(s.id);
    // A section's visibility is decided once, not per row.
    if (s.when) conditionPaths(s.when).forEach((r) => needIn(`sections[${si}].when`, r, null));
    const rows = s.repeat ? s.id : null;
    s.fields.forEach((f, fi) => {
      const at = `sections[${si}].fields[${fi}]`;
      if (f.when) conditionPaths(f.when).forEach((r) => needIn(`${at}.when`, r, rows));
      if (typeof f.required === 'object') conditionPaths(f.required).forEach((r) => needIn(`${at}.required`, r, rows));
      if (f.rules?.consistentWith?.dateOfBirth) needIn(`${at}.rules.consistentWith.dateOfBirth`, f.rules.consistentWith.dateOfBirth, rows);
      if (f.rules?.consistentWith?.sex) needIn(`${at}.rules.consistentWith.sex`, f.rules.consistentWith.sex, rows);
      if (f.rules?.notBefore) needIn(`${at}.rules.notBefore`, f.rules.notBefore, rows);
      f.autofill?.forEach((a, ai) => {
        if (a.when) conditionPaths(a.when).forEach((r) => needIn(`${at}.autofill[${ai}].when`, r, rows));
        if ('document' in a && !p.documents.some((d) => d.id === a.document)) {
          problems.push({ file, path: `${at}.autofill[${ai}].document`, reason: `refers to unknown document "${a.document}"` });
        }
      });
    });
  });
  p.documents.forEach((d, di) => {
    if (typeof d.required === 'object') conditionPaths(d.required).forEach((r) => needIn(`documents[${di}].required`, r, null));
  });
  for (const [name, v] of Object.entries(p.upstream.fields)) {
    if (typeof v === 'string') needIn(`upstream.fields.${name}`, v, null);
    else if ('path' in v) needIn(`upstream.fields.${name}.path`, v.path, null);
    else if ('rows' in v) {
      needRows(`upstream.fields.${name}.rows`, v.rows);
      for (const [sub, sv] of Object.entries(v.fields)) {
        if (typeof sv === 'string') needIn(`upstream.fields.${name}.fields.${sub}`, sv, v.rows);
        else if ('path' in sv) needIn(`upstream.fields.${name}.fields.${sub}.path`, sv.path, v.rows);
      }
    }
  }
  p.declaration.blocks.forEach((b, bi) => {
    const at = `declaration.blocks[${bi}]`;
    if ('when' in b && b.when) conditionPaths(b.when).forEach((r) => needIn(`${at}.when`, r, null));
    if (b.kind === 'table') {
      needRows(`${at}.rows`, b.rows);
      if (b.title) for (const ref of templatePaths(b.title)) if (ref !== 'today') needIn(`${at}.title`, ref, null);
      b.columns.forEach((c, ci) => {
        for (const ref of templatePaths(c.value)) if (ref !== 'today') needIn(`${at}.columns[${ci}].value`, ref, b.rows);
      });
      return;
    }
    const texts = b.kind === 'line' ? [b.value] : b.kind === 'heading' || b.kind === 'paragraph' ? [b.text] : b.kind === 'signature' && b.name ? [b.name] : [];
    for (const t of texts) {
      for (const ref of templatePaths(t)) if (ref !== 'today') needIn(at, ref, null);
    }
  });
  return problems;
}

function checkGroupReferences(file: string, g: GroupFile, procedures: ReadonlyMap<string, ProcedureFile>): FormProblem[] {
  const problems: FormProblem[] = [];
  g.members.forEach((m, mi) => {
    const p = procedures.get(m.procedure);
    if (!p) {
      problems.push({ file, path: `members[${mi}].procedure`, reason: `member procedure "${m.procedure}" is missing or disabled` });
      return;
    }
    const known = fieldPaths(p);
    const rowFields = rowFieldPaths(p);
    const check = (kind: 'fixed' | 'bind', from: string) => {
      if (!known.has(from)) problems.push({ file, path: `members[${mi}].${kind}.${from}`, reason: `"${m.procedure}" has no field "${from}"` });
      // A row field has one value per row: it cannot be pinned or shared as one value.
      else if (rowFields.has(from)) problems.push({ file, path: `members[${mi}].${kind}.${from}`, reason: `"${from}" is in repeating section "${rowFields.get(from)}"; use noRows to leave that section out` });
    };
    for (const from of Object.keys(m.fixed)) check('fixed', from);
    for (const from of Object.keys(m.bind)) check('bind', from);
    m.noRows.forEach((sid, ni) => {
      if (!p.sections.some((s) => s.id === sid && s.repeat)) problems.push({ file, path: `members[${mi}].noRows[${ni}]`, reason: `"${m.procedure}" has no repeating section "${sid}"` });
    });
  });
  return problems;
}

export interface LoadOptions {
  /** Only the file names (not paths) that should be read; default every .yaml/.yml/.json. */
  filter?: (name: string) => boolean;
}

/** Validates a set of (file name, text) pairs into a catalogue. Pure, so tests and fuzzers use it directly. */
export function buildCatalogue(files: { file: string; text: string }[]): Catalogue {
  const procedures = new Map<string, ProcedureFile>();
  const groups: { file: string; value: GroupFile }[] = [];
  const disabled: DisabledEntry[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, text } of files) {
    const { value, problems } = parseCatalogueFile(file, text);
    if (!value) {
      disabled.push({ file, problems });
      continue;
    }
    if (fileOf.has(value.id)) {
      disabled.push({ file, id: value.id, problems: [{ file, path: 'id', reason: `id "${value.id}" is already used by ${fileOf.get(value.id)}` }] });
      continue;
    }
    if (value.kind === 'group') {
      groups.push({ file, value });
      fileOf.set(value.id, file);
      continue;
    }
    const refs = checkProcedureReferences(file, value);
    if (refs.length > 0) {
      disabled.push({ file, id: value.id, problems: refs });
      continue;
    }
    procedures.set(value.id, value);
    fileOf.set(value.id, file);
  }
  const groupMap = new Map<string, GroupFile>();
  for (const { file, value } of groups) {
    const refs = checkGroupReferences(file, value, procedures);
    if (refs.length > 0) {
      disabled.push({ file, id: value.id, problems: refs });
      fileOf.delete(value.id);
    } else groupMap.set(value.id, value);
  }
  return { procedures, groups: groupMap, disabled, files: fileOf };
}

/** Reads every procedure file in `dir`. Throws only when the directory itself is unreadable. */
export function loadCatalogue(dir: string = DEFAULT_FORMS_DIR, options: LoadOptions = {}): Catalogue {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => FORM_FILE.test(n) && (options.filter?.(n) ?? true)).sort();
  } catch (cause) {
    throw new KioskError({
      code: 'forms.dir-unreadable',
      technicianMessage: `cannot read the procedure catalogue directory ${dir}`,
      citizenMessage: 'Máy chưa có danh mục thủ tục. Xin nhờ cán bộ hỗ trợ.',
      cause,
    });
  }
  const files: { file: string; text: string }[] = [];
  const unreadable: DisabledEntry[] = [];
  for (const name of names) {
    const full = path.join(dir, name);
    try {
      if (!statSync(full).isFile()) continue;
      files.push({ file: name, text: readFileSync(full, 'utf8') });
    } catch (e) {
      unreadable.push({ file: name, problems: [{ file: name, path: '', reason: `unreadable: ${(e as Error).message}` }] });
    }
  }
  const catalogue = buildCatalogue(files);
  return { ...catalogue, disabled: [...unreadable, ...catalogue.disabled] };
}

/** Every problem in a catalogue, flattened, for `forms check` and CI. */
export function catalogueProblems(catalogue: Catalogue): FormProblem[] {
  return catalogue.disabled.flatMap((d) => d.problems);
}
