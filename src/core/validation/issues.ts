// Runs in: Node (engine) and the renderer alike: pure, no I/O.
// One shape for every validation finding, so the UI can show it next to the field it names and
// staff can read it in either language.

export interface ValidationIssue {
  /** Dotted path of the field in the draft: `child.dateOfBirth`, `requester.personalId`. */
  path: string;
  /** Stable machine code: `personal-id.century-mismatch`, `date.future`, `required`. */
  code: string;
  vi: string;
  en: string;
  /**
   * `error` blocks submission. `flag` is an impossible-looking fact (ID digits that contradict the
   * date of birth) that staff must look at: it blocks the self-service path but not assisted mode.
   */
  severity: 'error' | 'flag';
}

export function issue(path: string, code: string, vi: string, en: string, severity: 'error' | 'flag' = 'error'): ValidationIssue {
  return { path, code, vi, en, severity };
}

/** NFC plus trimmed, collapsed whitespace: what every text field is stored as. */
export function normaliseText(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/**
 * Folds Vietnamese text for matching: no diacritics, đ→d, lower case, single spaces.
 * NFD then strip combining marks; đ/Đ are base letters, not marks, so they are mapped explicitly.
 */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
