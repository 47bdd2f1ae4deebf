// Runs in: Node (engine). Pure: creating a draft, auto-filling it from an identity, applying edits.
// "Citizens don't write": everything the chip, the QR, OCR or a scanned document already says is
// filled in and marked with its source; the citizen is asked only for the rest.
import { KioskError } from '../../shared/errors';
import type { AdminUnits } from '../validation/admin-units';
import { normaliseText } from '../validation/issues';
import { draftFields, memberValue, memberViews, parseRowPath, resolveTarget, rowCount, rowGetter, rowPath, rowSections, type Catalogue, type Target } from './catalogue';
import { evaluate } from './conditions';
import type { AddressValue, Draft, FieldValue } from './draft-types';
import type { DocumentFacts, FieldSource, IdentityForForms, SourcedValue } from './identity';
import type { Field } from './schema';

export function targetOrThrow(catalogue: Catalogue, id: string): Target {
  const target = resolveTarget(catalogue, id);
  if (!target) {
    const disabled = catalogue.disabled.find((d) => d.id === id);
    throw new KioskError({
      code: disabled ? 'forms.procedure-disabled' : 'forms.unknown-procedure',
      technicianMessage: disabled
        ? `procedure "${id}" is disabled: ${disabled.problems.map((p) => `${p.file} ${p.path}: ${p.reason}`).join('; ')}`
        : `no procedure or group with id "${id}" in the catalogue`,
      citizenMessage: 'Thủ tục này hiện chưa thực hiện được trên máy. Xin nhờ cán bộ hướng dẫn.',
    });
  }
  return target;
}

export function createDraft(catalogue: Catalogue, id: string, now: Date = new Date()): Draft {
  const target = targetOrThrow(catalogue, id);
  // A section that needs at least N rows starts with N empty ones, so the citizen sees what to fill.
  const rows: Record<string, number> = {};
  for (const rs of rowSections(target).values()) if (rs.section.repeat!.min > 0) rows[rs.id] = rs.section.repeat!.min;
  return { targetId: id, targetKind: target.kind, values: {}, sources: {}, rows, createdAt: now.toISOString() };
}

const MANUAL: ReadonlySet<FieldSource> = new Set(['citizen', 'staff']);

export interface AutofillInput {
  identity?: IdentityForForms;
  documents?: DocumentFacts;
  /** Needed to turn free-text addresses into codes; without it addresses keep only their text. */
  adminUnits?: AdminUnits;
}

function convert(field: Field, raw: SourcedValue<string>, units: AdminUnits | undefined): FieldValue | undefined {
  const text = normaliseText(String(raw.value));
  if (!text) return undefined;
  switch (field.type) {
    case 'address': {
      const value: AddressValue = { text };
      if (units) {
        const parsed = units.parseAddress(text);
        if (parsed.provinceCode) value.provinceCode = parsed.provinceCode;
        if (parsed.communeCandidates.length === 1) value.communeCode = parsed.communeCandidates[0]!;
        if (parsed.detail) value.detail = parsed.detail;
      }
      return value;
    }
    case 'select':
      return field.options?.some((o) => o.value === text) ? text : undefined;
    case 'boolean':
      return text === 'true';
    case 'integer':
      return Number.isInteger(Number(text)) ? Number(text) : undefined;
    default:
      return text;
  }
}

/**
 * Fills every field whose `autofill` rule matches, and clears auto-filled values whose rule no
 * longer matches (the citizen changed who they are declaring for). Never touches values the
 * citizen or staff entered. Returns a new draft.
 */
export function autofill(catalogue: Catalogue, draft: Draft, input: AutofillInput): Draft {
  const target = targetOrThrow(catalogue, draft.targetId);
  const values = { ...draft.values };
  const sources = { ...draft.sources };
  // Two passes: a value filled in the first pass may satisfy a condition in the second. Several
  // members may define a rule for the same shared path: the first member that yields a value wins,
  // and a value is cleared only when no member yields one any more.
  for (let pass = 0; pass < 2; pass++) {
    const computed = new Map<string, { value: FieldValue; source: FieldSource }>();
    const autofillable = new Set<string>();
    for (const view of memberViews(target)) {
      const plainGet = (memberPath: string) => memberValue(view, values, memberPath);
      for (const section of view.procedure.sections) {
        // In a repeating section only the first row can hold the citizen's own facts (the current
        // residence that opens a residence history); other rows are other people or other times.
        const repeating = Boolean(section.repeat);
        if (repeating && (view.noRows.has(section.id) || rowCount(draft.rows, section.id) === 0)) continue;
        const get = repeating ? rowGetter(view, values, section.id, 0) : plainGet;
        for (const field of section.fields) {
          if (!field.autofill || `${section.id}.${field.id}` in view.fixed) continue;
          const path = repeating ? rowPath(section.id, 0, field.id) : view.toDraft(`${section.id}.${field.id}`);
          autofillable.add(path);
          if (computed.has(path)) continue;
          for (const rule of field.autofill) {
            if (rule.when && !evaluate(rule.when, get)) continue;
            const raw = 'identity' in rule ? input.identity?.[rule.identity] : input.documents?.[rule.document]?.[rule.key];
            if (!raw) continue;
            const value = convert(field, raw as SourcedValue<string>, input.adminUnits);
            if (value === undefined) continue;
            computed.set(path, { value, source: raw.source });
            break;
          }
        }
      }
    }
    for (const path of autofillable) {
      const current = sources[path];
      if (current && MANUAL.has(current)) continue;
      const hit = computed.get(path);
      if (hit) {
        values[path] = hit.value;
        sources[path] = hit.source;
      } else if (current) {
        delete values[path];
        delete sources[path];
      }
    }
  }
  return { ...draft, values, sources };
}

function unknownField(draft: Draft, path: string, why = ''): KioskError {
  return new KioskError({
    code: 'forms.unknown-field',
    technicianMessage: `"${draft.targetId}" has no field "${path}"${why}`,
    citizenMessage: 'Có lỗi khi ghi thông tin. Xin thử lại hoặc nhờ cán bộ hỗ trợ.',
  });
}

/** Sets one value as typed by the citizen (or staff). Unknown paths are a KioskError, not a silent no-op. */
export function applyEdit(catalogue: Catalogue, draft: Draft, path: string, value: FieldValue, source: FieldSource = 'citizen'): Draft {
  const target = targetOrThrow(catalogue, draft.targetId);
  const row = parseRowPath(path);
  if (row) {
    const rs = rowSections(target).get(row.section);
    if (!rs || !rs.fields.some((f) => f.id === row.field)) throw unknownField(draft, path);
    if (row.row >= rowCount(draft.rows, row.section)) throw unknownField(draft, path, ` (row ${row.row + 1} does not exist)`);
  } else if (!draftFields(target).some((f) => f.path === path)) {
    throw unknownField(draft, path);
  }
  const values = { ...draft.values };
  const sources = { ...draft.sources };
  if (value === null || value === '') {
    delete values[path];
    delete sources[path];
  } else {
    values[path] = typeof value === 'string' ? value.normalize('NFC') : value;
    sources[path] = source;
  }
  return { ...draft, values, sources };
}

function repeatingOrThrow(catalogue: Catalogue, draft: Draft, section: string) {
  const rs = rowSections(targetOrThrow(catalogue, draft.targetId)).get(section);
  if (!rs) {
    throw new KioskError({
      code: 'forms.unknown-field',
      technicianMessage: `"${draft.targetId}" has no repeating section "${section}"`,
      citizenMessage: 'Có lỗi khi ghi thông tin. Xin thử lại hoặc nhờ cán bộ hỗ trợ.',
    });
  }
  return rs;
}

/** Appends one empty row to a repeating section. Refused (KioskError) at the section's maximum. */
export function addRow(catalogue: Catalogue, draft: Draft, section: string): Draft {
  const rs = repeatingOrThrow(catalogue, draft, section);
  const count = rowCount(draft.rows, section);
  const { max, rowLabel } = rs.section.repeat!;
  if (count >= max) {
    throw new KioskError({
      code: 'forms.rows-max',
      technicianMessage: `"${draft.targetId}" section "${section}" already has its maximum of ${max} rows`,
      citizenMessage: `Tờ khai chỉ ghi được tối đa ${max} ${rowLabel.vi.toLocaleLowerCase('vi')}.`,
    });
  }
  return { ...draft, rows: { ...draft.rows, [section]: count + 1 } };
}

/**
 * Removes row `index`; later rows move up one place with their values and sources, so paths stay
 * dense (`members[0..n-1]`). Refused below the section's minimum.
 */
export function removeRow(catalogue: Catalogue, draft: Draft, section: string, index: number): Draft {
  const rs = repeatingOrThrow(catalogue, draft, section);
  const count = rowCount(draft.rows, section);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new KioskError({
      code: 'forms.unknown-field',
      technicianMessage: `"${draft.targetId}" section "${section}" has no row ${index} (${count} rows)`,
      citizenMessage: 'Có lỗi khi ghi thông tin. Xin thử lại hoặc nhờ cán bộ hỗ trợ.',
    });
  }
  const { min, rowLabel } = rs.section.repeat!;
  if (count <= min) {
    throw new KioskError({
      code: 'forms.rows-min',
      technicianMessage: `"${draft.targetId}" section "${section}" needs at least ${min} rows`,
      citizenMessage: `Cần khai ít nhất ${min} ${rowLabel.vi.toLocaleLowerCase('vi')}; xin sửa lại thay vì xoá.`,
    });
  }
  return { ...draft, ...shiftRows(draft, section, index, count), rows: { ...draft.rows, [section]: count - 1 } };
}

function shiftRows(draft: Draft, section: string, index: number, count: number): Pick<Draft, 'values' | 'sources'> {
  const values: Draft['values'] = {};
  const sources: Draft['sources'] = {};
  const move = <T>(from: Record<string, T>, to: Record<string, T>) => {
    for (const [path, v] of Object.entries(from)) {
      const r = parseRowPath(path);
      if (!r || r.section !== section || r.row < index) to[path] = v;
      else if (r.row > index && r.row < count) to[rowPath(section, r.row - 1, r.field)] = v;
    }
  };
  move(draft.values, values);
  move(draft.sources, sources);
  return { values, sources };
}

/**
 * Applies a whole answer set (`forms fill --answers`, fixtures): row paths beyond the current row
 * count first add the rows they need, then every value is applied as typed by the citizen.
 */
export function applyAnswers(catalogue: Catalogue, draft: Draft, answers: Readonly<Record<string, FieldValue>>, source: FieldSource = 'citizen'): Draft {
  let d = draft;
  for (const [path, value] of Object.entries(answers)) {
    const row = parseRowPath(path);
    if (row) while (rowCount(d.rows, row.section) <= row.row) d = addRow(catalogue, d, row.section);
    d = applyEdit(catalogue, d, path, value, source);
  }
  return d;
}
