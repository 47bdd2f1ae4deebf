// Runs in: Node (engine). Pure: a draft as the upstream system names things, one payload per
// member procedure, ready for the sync outbox.
import type { AdminUnits } from '../validation/admin-units';
import { parseDateVN } from '../validation/date';
import { normaliseText } from '../validation/issues';
import { upperName } from '../validation/name';
import { memberValue, memberViews, rowCount, rowGetter, type Catalogue, type MemberView } from './catalogue';
import { evaluate } from './conditions';
import { targetOrThrow } from './draft';
import type { AddressValue, Draft, FieldValue } from './draft-types';
import type { UpstreamScalar, UpstreamValue } from './schema';

export type UpstreamScalarValue = string | number | boolean;
/** One row of a repeating section, by the upstream's names. */
export type UpstreamRow = Record<string, UpstreamScalarValue>;

export interface UpstreamPayload {
  procedureId: string;
  /** MaTTHC to send; null when the catalogue has no verified code (staff must pick it). */
  maTTHC: string | null;
  system: string;
  /** Scalars, or an array of row objects for a repeating section (`QuaTrinhCuTru: [{TuNam, …}]`). */
  fields: Record<string, UpstreamScalarValue | UpstreamRow[]>;
}

function transform(v: FieldValue | undefined, kind: string, units?: AdminUnits): string | number | boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const a = v as AddressValue;
    switch (kind) {
      case 'address-province':
        return a.provinceCode;
      case 'address-commune':
        return a.communeCode;
      case 'address-detail':
        return a.detail;
      default:
        return (a.communeCode && units?.formatAddress(a.communeCode, a.detail ?? '')) || a.text;
    }
  }
  if (typeof v !== 'string') {
    return kind === 'boolean-01' ? (v ? 1 : 0) : v;
  }
  const text = normaliseText(v);
  switch (kind) {
    case 'upper':
      return upperName(text);
    case 'date-yyyyMMdd': {
      const d = parseDateVN(text);
      return d ? `${d.year}${String(d.month).padStart(2, '0')}${String(d.day).padStart(2, '0')}` : undefined;
    }
    case 'sex-code':
      // DVCLT/LLTP code sex as 1 = male, 2 = female (R1 reverse-read, unverified).
      return text === 'male' ? 1 : text === 'female' ? 2 : undefined;
    default:
      return text;
  }
}

function scalar(spec: UpstreamScalar, get: (memberPath: string) => FieldValue | undefined, units?: AdminUnits): UpstreamScalarValue | undefined {
  if (typeof spec === 'string') return transform(get(spec), 'text', units);
  if ('const' in spec) return spec.const;
  return transform(get(spec.path), spec.transform, units);
}

/** One object per row; a section the group pins to no rows is an empty list, a hidden one is left out. */
function rows(view: MemberView, draft: Draft, section: string, fields: Record<string, UpstreamScalar>, units?: AdminUnits): UpstreamRow[] | undefined {
  const s = view.procedure.sections.find((x) => x.id === section);
  if (!s) return undefined;
  if (view.noRows.has(section)) return [];
  if (s.when && !evaluate(s.when, (p) => memberValue(view, draft.values, p))) return undefined;
  const out: UpstreamRow[] = [];
  for (let row = 0; row < Math.min(rowCount(draft.rows, section), s.repeat?.max ?? 0); row++) {
    const get = rowGetter(view, draft.values, section, row);
    const item: UpstreamRow = {};
    for (const [name, spec] of Object.entries(fields)) {
      const v = scalar(spec, get, units);
      if (v !== undefined && v !== '') item[name] = v;
    }
    out.push(item);
  }
  return out;
}

export function toUpstream(catalogue: Catalogue, draft: Draft, adminUnits?: AdminUnits, options: { procedureCodes?: Readonly<Record<string, string>> } = {}): UpstreamPayload[] {
  const target = targetOrThrow(catalogue, draft.targetId);
  return memberViews(target).map((view) => {
    const fields: UpstreamPayload['fields'] = {};
    const get = (p: string) => memberValue(view, draft.values, p);
    for (const [name, spec] of Object.entries(view.procedure.upstream.fields) as [string, UpstreamValue][]) {
      const out = typeof spec === 'object' && 'rows' in spec ? rows(view, draft, spec.rows, spec.fields, adminUnits) : scalar(spec, get, adminUnits);
      if (out !== undefined && out !== '') fields[name] = out;
    }
    // The centre's configured code wins; an unverified catalogue code is not sent as if it were right.
    const { national, verified } = view.procedure.codes;
    const configured = options.procedureCodes?.[view.procedure.id];
    return { procedureId: view.procedure.id, maTTHC: configured ?? (verified ? national : null), system: view.procedure.upstream.system, fields };
  });
}
