// Runs in: Node (engine). Pure: a draft as the upstream system names things, one payload per
// member procedure, ready for the sync outbox.
import type { AdminUnits } from '../validation/admin-units';
import { parseDateVN } from '../validation/date';
import { normaliseText } from '../validation/issues';
import { upperName } from '../validation/name';
import { memberValue, memberViews, type Catalogue } from './catalogue';
import { targetOrThrow } from './draft';
import type { AddressValue, Draft, FieldValue } from './draft-types';
import type { UpstreamValue } from './schema';

export interface UpstreamPayload {
  procedureId: string;
  /** MaTTHC to send; null when the catalogue has no verified code (staff must pick it). */
  maTTHC: string | null;
  system: string;
  fields: Record<string, string | number | boolean>;
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

export function toUpstream(catalogue: Catalogue, draft: Draft, adminUnits?: AdminUnits): UpstreamPayload[] {
  const target = targetOrThrow(catalogue, draft.targetId);
  return memberViews(target).map((view) => {
    const fields: Record<string, string | number | boolean> = {};
    for (const [name, spec] of Object.entries(view.procedure.upstream.fields) as [string, UpstreamValue][]) {
      let out: string | number | boolean | undefined;
      if (typeof spec === 'string') out = transform(memberValue(view, draft.values, spec), 'text', adminUnits);
      else if ('const' in spec) out = spec.const;
      else out = transform(memberValue(view, draft.values, spec.path), spec.transform, adminUnits);
      if (out !== undefined && out !== '') fields[name] = out;
    }
    return { procedureId: view.procedure.id, maTTHC: view.procedure.codes.national, system: view.procedure.upstream.system, fields };
  });
}
