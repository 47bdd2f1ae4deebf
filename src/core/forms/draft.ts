// Runs in: Node (engine). Pure: creating a draft, auto-filling it from an identity, applying edits.
// "Citizens don't write": everything the chip, the QR, OCR or a scanned document already says is
// filled in and marked with its source; the citizen is asked only for the rest.
import { KioskError } from '../../shared/errors';
import type { AdminUnits } from '../validation/admin-units';
import { normaliseText } from '../validation/issues';
import { draftFields, memberValue, memberViews, resolveTarget, type Catalogue, type Target } from './catalogue';
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
  return { targetId: id, targetKind: target.kind, values: {}, sources: {}, createdAt: now.toISOString() };
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
      const get = (memberPath: string) => memberValue(view, values, memberPath);
      for (const section of view.procedure.sections) {
        for (const field of section.fields) {
          if (!field.autofill || `${section.id}.${field.id}` in view.fixed) continue;
          const path = view.toDraft(`${section.id}.${field.id}`);
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

/** Sets one value as typed by the citizen (or staff). Unknown paths are a KioskError, not a silent no-op. */
export function applyEdit(catalogue: Catalogue, draft: Draft, path: string, value: FieldValue, source: FieldSource = 'citizen'): Draft {
  const target = targetOrThrow(catalogue, draft.targetId);
  if (!draftFields(target).some((f) => f.path === path)) {
    throw new KioskError({
      code: 'forms.unknown-field',
      technicianMessage: `"${draft.targetId}" has no field "${path}"`,
      citizenMessage: 'Có lỗi khi ghi thông tin. Xin thử lại hoặc nhờ cán bộ hỗ trợ.',
    });
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
