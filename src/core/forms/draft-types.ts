// Runs in: Node (engine) and the renderer alike: pure types.
import type { FieldSource } from './identity';

/** An address field: codes in the 2025 system, the free-text detail, and the text it came from. */
export interface AddressValue {
  provinceCode?: string;
  communeCode?: string;
  /** House number, street, hamlet. */
  detail?: string;
  /** The original free text (e.g. the chip's old-style address), kept for staff and print. */
  text?: string;
}

export type FieldValue = string | number | boolean | AddressValue | null;

export interface Draft {
  /** Procedure or group id. */
  targetId: string;
  targetKind: 'procedure' | 'group';
  /** Values keyed by draft path (`section.field`, or `section[row].field` in a repeating section). */
  values: Record<string, FieldValue>;
  /** Row count of each repeating section, by section id (absent: no rows). */
  rows: Record<string, number>;
  /** Where each value came from. */
  sources: Record<string, FieldSource>;
  /** ISO instant the draft was created (the appointment date is computed from submission, not this). */
  createdAt: string;
}
