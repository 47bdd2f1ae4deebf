// Runs in: Node (engine). Pure: the in-memory catalogue, and how group members see shared data.
import type { FieldValue } from './draft-types';
import type { Condition, Field, GroupFile, ProcedureFile, Section } from './schema';

/** One problem in one file: what `kiosk forms check` prints and the technician view lists. */
export interface FormProblem {
  file: string;
  /** Location inside the file, dotted/indexed: `sections[1].fields[0].type`. Empty for the whole file. */
  path: string;
  reason: string;
}

export interface DisabledEntry {
  file: string;
  /** The procedure/group id, when the file got far enough to have one. */
  id?: string;
  problems: FormProblem[];
}

export interface Catalogue {
  procedures: ReadonlyMap<string, ProcedureFile>;
  groups: ReadonlyMap<string, GroupFile>;
  /** Files that failed validation: disabled with the reason, the rest keep working. */
  disabled: DisabledEntry[];
  /** Which file each id came from (for messages). */
  files: ReadonlyMap<string, string>;
}

export type Target = { kind: 'procedure'; procedure: ProcedureFile } | { kind: 'group'; group: GroupFile; members: ProcedureFile[] };

/** A procedure as seen inside a draft: its own paths, and where each lives in the draft. */
export interface MemberView {
  procedure: ProcedureFile;
  /** member path → draft path (identity for plain procedures and unbound fields). */
  toDraft: (memberPath: string) => string;
  /** Values the group fixes for this member; such fields are never asked. */
  fixed: Readonly<Record<string, string | number | boolean>>;
  /** Repeating sections that have no rows inside the group (never asked, printed empty). */
  noRows: ReadonlySet<string>;
}

/** A member's value at one of its own paths: the group's fixed value, or the draft's. */
export function memberValue(view: MemberView, values: Readonly<Record<string, FieldValue>>, memberPath: string): FieldValue | undefined {
  return memberPath in view.fixed ? view.fixed[memberPath] : values[view.toDraft(memberPath)];
}

export function memberViews(target: Target): MemberView[] {
  if (target.kind === 'procedure') return [{ procedure: target.procedure, toDraft: (p) => p, fixed: {}, noRows: new Set<string>() }];
  return target.group.members.map((m, i) => {
    const bind = m.bind;
    return { procedure: target.members[i]!, toDraft: (p: string) => bind[p] ?? p, fixed: m.fixed, noRows: new Set(m.noRows) };
  });
}

// Repeating sections. A row value lives at `section[row].field`; the file refers to the row's own
// fields as `section.field`, so a row-scoped getter maps one onto the other.
const ROW_PATH = /^([a-zA-Z][a-zA-Z0-9]*)\[(\d{1,3})\]\.([a-zA-Z][a-zA-Z0-9]*)$/u;

export function rowPath(section: string, row: number, field: string): string {
  return `${section}[${row}].${field}`;
}

export function parseRowPath(path: string): { section: string; row: number; field: string } | null {
  const m = ROW_PATH.exec(path);
  return m ? { section: m[1]!, row: Number(m[2]), field: m[3]! } : null;
}

/** How many rows a repeating section has in a draft. */
export function rowCount(rows: Readonly<Record<string, number>> | undefined, section: string): number {
  return rows?.[section] ?? 0;
}

/** A member's values as seen from inside one row: `section.field` of that section means this row's field. */
export function rowGetter(view: MemberView, values: Readonly<Record<string, FieldValue>>, section: string, row: number): (memberPath: string) => FieldValue | undefined {
  const prefix = `${section}.`;
  return (p) => (p.startsWith(prefix) ? values[rowPath(section, row, p.slice(prefix.length))] : memberValue(view, values, p));
}

/** A repeating section as the draft holds it: one per section id, shared by members that have it. */
export interface RowSection {
  id: string;
  section: Section;
  /** The union of the members' fields, in first-seen order. */
  fields: Field[];
  usedBy: string[];
}

export function rowSections(target: Target): Map<string, RowSection> {
  const out = new Map<string, RowSection>();
  for (const view of memberViews(target)) {
    for (const section of view.procedure.sections) {
      if (!section.repeat || view.noRows.has(section.id)) continue;
      const hit = out.get(section.id);
      if (!hit) out.set(section.id, { id: section.id, section, fields: [...section.fields], usedBy: [view.procedure.id] });
      else {
        hit.usedBy.push(view.procedure.id);
        for (const f of section.fields) if (!hit.fields.some((x) => x.id === f.id)) hit.fields.push(f);
      }
    }
  }
  return out;
}

export interface DraftField {
  path: string;
  field: Field;
  section: Section;
  /** Members (procedure ids) that ask for this field. */
  usedBy: string[];
}

/** The union of every member's single (non-repeating) fields, keyed by draft path: what the citizen fills once. */
export function draftFields(target: Target): DraftField[] {
  const out = new Map<string, DraftField>();
  for (const view of memberViews(target)) {
    for (const section of view.procedure.sections) {
      // Row fields have one path per row; see rowSections.
      if (section.repeat) continue;
      for (const field of section.fields) {
        if (`${section.id}.${field.id}` in view.fixed) continue;
        const path = view.toDraft(`${section.id}.${field.id}`);
        const hit = out.get(path);
        if (hit) hit.usedBy.push(view.procedure.id);
        else out.set(path, { path, field, section, usedBy: [view.procedure.id] });
      }
    }
  }
  return [...out.values()];
}

export function fieldPaths(procedure: ProcedureFile): Set<string> {
  return new Set(procedure.sections.flatMap((s) => s.fields.map((f) => `${s.id}.${f.id}`)));
}

/** `section.field` paths of fields in repeating sections, mapped to their section id. */
export function rowFieldPaths(procedure: ProcedureFile): Map<string, string> {
  return new Map(procedure.sections.filter((s) => s.repeat).flatMap((s) => s.fields.map((f) => [`${s.id}.${f.id}`, s.id] as [string, string])));
}

export function conditionPaths(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionPaths);
  if ('any' in c) return c.any.flatMap(conditionPaths);
  if ('not' in c) return conditionPaths(c.not);
  return [c.field];
}

export function resolveTarget(catalogue: Catalogue, id: string): Target | undefined {
  const procedure = catalogue.procedures.get(id);
  if (procedure) return { kind: 'procedure', procedure };
  const group = catalogue.groups.get(id);
  if (!group) return undefined;
  const members = group.members.map((m) => catalogue.procedures.get(m.procedure));
  if (members.some((m) => !m)) return undefined;
  return { kind: 'group', group, members: members as ProcedureFile[] };
}
