// Runs in: Node (engine). Pure: evaluates `when`/`required` conditions against draft values.
import type { Condition } from './schema';
import type { FieldValue } from './draft-types';

export function isFilled(v: FieldValue | undefined): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim().length > 0;
  if (typeof v === 'object') return Boolean(v.communeCode || v.text?.trim());
  return true;
}

export function evaluate(c: Condition, get: (path: string) => FieldValue | undefined): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(x, get));
  if ('any' in c) return c.any.some((x) => evaluate(x, get));
  if ('not' in c) return !evaluate(c.not, get);
  const v = get(c.field);
  if ('filled' in c) return isFilled(v) === c.filled;
  const scalar = typeof v === 'object' && v !== null ? v.communeCode : v;
  if ('equals' in c) return scalar === c.equals;
  if ('notEquals' in c) return scalar !== c.notEquals;
  return c.in.includes(scalar as string | number | boolean);
}
