// Runs in: Node (engine). Reads forms/, validates every file, and never lets one bad file take the
// kiosk down: a malformed procedure is disabled with its reasons, the others load.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { KioskError } from '../../shared/errors';
import { conditionPaths, fieldPaths, type Catalogue, type DisabledEntry, type FormProblem } from './catalogue';
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
  const sectionIds = new Set<string>();
  p.sections.forEach((s, si) => {
    if (sectionIds.has(s.id)) problems.push({ file, path: `sections[${si}].id`, reason: `duplicate section id "${s.id}"` });
    sectionIds.add(s.id);
    if (s.when) conditionPaths(s.when).forEach((r) => need(`sections[${si}].when`, r));
    s.fields.forEach((f, fi) => {
      const at = `sections[${si}].fields[${fi}]`;
      if (f.when) conditionPaths(f.when).forEach((r) => need(`${at}.when`, r));
      if (typeof f.required === 'object') conditionPaths(f.required).forEach((r) => need(`${at}.required`, r));
      if (f.rules?.consistentWith?.dateOfBirth) need(`${at}.rules.consistentWith.dateOfBirth`, f.rules.consistentWith.dateOfBirth);
      if (f.rules?.consistentWith?.sex) need(`${at}.rules.consistentWith.sex`, f.rules.consistentWith.sex);
      if (f.rules?.notBefore) need(`${at}.rules.notBefore`, f.rules.notBefore);
      f.autofill?.forEach((a, ai) => {
        if (a.when) conditionPaths(a.when).forEach((r) => need(`${at}.autofill[${ai}].when`, r));
        if ('document' in a && !p.documents.some((d) => d.id === a.document)) {
          problems.push({ file, path: `${at}.autofill[${ai}].document`, reason: `refers to unknown document "${a.document}"` });
        }
      });
    });
  });
  p.documents.forEach((d, di) => {
    if (typeof d.required === 'object') conditionPaths(d.required).forEach((r) => need(`documents[${di}].required`, r));
  });
  for (const [name, v] of Object.entries(p.upstream.fields)) {
    if (typeof v === 'string') need(`upstream.fields.${name}`, v);
    else if ('path' in v) need(`upstream.fields.${name}.path`, v.path);
  }
  p.declaration.blocks.forEach((b, bi) => {
    const at = `declaration.blocks[${bi}]`;
    if ('when' in b && b.when) conditionPaths(b.when).forEach((r) => need(`${at}.when`, r));
    const texts = b.kind === 'line' ? [b.value] : b.kind === 'heading' || b.kind === 'paragraph' ? [b.text] : b.kind === 'signature' && b.name ? [b.name] : [];
    for (const t of texts) {
      for (const ref of templatePaths(t)) if (ref !== 'today') need(at, ref);
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
    for (const from of Object.keys(m.fixed)) {
      if (!known.has(from)) problems.push({ file, path: `members[${mi}].fixed.${from}`, reason: `"${m.procedure}" has no field "${from}"` });
    }
    for (const from of Object.keys(m.bind)) {
      if (!known.has(from)) problems.push({ file, path: `members[${mi}].bind.${from}`, reason: `"${m.procedure}" has no field "${from}"` });
    }
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
