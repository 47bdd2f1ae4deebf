// Runs in: Node (engine). Pure: validates a draft against every member procedure it feeds.
// Returns every problem at once, each with its draft path and a Vietnamese and English message;
// invalid input is a result, never an exception.
import type { AdminUnits } from '../validation/admin-units';
import { parseDateVN, todayInVietnam, validateDateVN, compareDates, type CivilDate } from '../validation/date';
import { issue, normaliseText, type ValidationIssue } from '../validation/issues';
import { validatePersonName } from '../validation/name';
import { validatePersonalId, type Sex } from '../validation/personal-id';
import { validatePhone } from '../validation/phone';
import { memberValue, memberViews, rowCount, rowGetter, rowPath, type Catalogue, type MemberView } from './catalogue';
import { evaluate, isFilled } from './conditions';
import { targetOrThrow } from './draft';
import type { AddressValue, Draft, FieldValue } from './draft-types';
import type { Field, Section } from './schema';

export interface ValidateOptions {
  /** The civil date rules such as "not in the future" are checked against (default: today in Vietnam). */
  today?: CivilDate;
  /** Required for address fields; without it an address field is reported as unverifiable. */
  adminUnits?: AdminUnits;
}

export interface MissingField {
  path: string;
  label: { vi: string; en: string };
  section: { vi: string; en: string };
}

export interface DraftValidation {
  /** True when nothing blocks submission (no `error`; `flag`s need staff but do not block assisted mode). */
  ok: boolean;
  /** True when some fact looks impossible (ID vs date of birth/sex): staff must look before submission. */
  flagged: boolean;
  issues: ValidationIssue[];
  /** Required, visible, still empty: what the UI should ask next, in form order. */
  missing: MissingField[];
  /** Issues per member procedure id (one entry for a plain procedure). */
  byProcedure: Record<string, ValidationIssue[]>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/u;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/u;

function typeIssue(path: string, expected: string): ValidationIssue {
  return issue(path, 'type', 'Giá trị không đúng kiểu.', `This value should be ${expected}.`);
}

function validateValue(
  path: string,
  field: Field,
  value: FieldValue,
  get: (memberPath: string) => FieldValue | undefined,
  opts: Required<Pick<ValidateOptions, 'today'>> & ValidateOptions,
): ValidationIssue[] {
  const r = field.rules ?? {};
  if (field.type === 'address') {
    if (typeof value !== 'object' || value === null) return [typeIssue(path, 'an address')];
    const a = value as AddressValue;
    if (!opts.adminUnits) return [issue(path, 'address.unverifiable', 'Chưa kiểm tra được địa chỉ.', 'The address cannot be checked yet.')];
    if (!a.communeCode) {
      return [issue(`${path}.communeCode`, 'address.commune-missing', 'Hãy chọn xã/phường theo danh mục mới (sau 01/7/2025).', 'Please choose the commune or ward from the new list (after 1 July 2025).')];
    }
    return opts.adminUnits.validate(path, a);
  }
  if (field.type === 'boolean') return typeof value === 'boolean' ? [] : [typeIssue(path, 'yes/no')];
  if (field.type === 'integer') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return [typeIssue(path, 'a whole number')];
    if ((r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max)) {
      return [issue(path, 'number.range', `Số phải trong khoảng ${r.min ?? '…'}–${r.max ?? '…'}.`, `The number must be within ${r.min ?? '…'}–${r.max ?? '…'}.`)];
    }
    // Integer fields with these rules are years (a residence history's "from"/"to").
    if (r.notFuture && value > opts.today.year) return [issue(path, 'year.future', 'Năm này chưa tới.', 'This year has not come yet.')];
    if (r.notBefore) {
      const other = get(r.notBefore);
      if (typeof other === 'number' && value < other) return [issue(path, 'number.before', 'Số này không được nhỏ hơn năm bắt đầu.', 'This number cannot be smaller than the starting year.')];
    }
    return [];
  }
  if (typeof value !== 'string') return [typeIssue(path, 'text')];
  const text = normaliseText(value);
  const out: ValidationIssue[] = [];
  if (r.minLength !== undefined && text.length < r.minLength) out.push(issue(path, 'text.too-short', `Cần ít nhất ${r.minLength} ký tự.`, `At least ${r.minLength} characters are required.`));
  if (r.maxLength !== undefined && text.length > r.maxLength) out.push(issue(path, 'text.too-long', `Tối đa ${r.maxLength} ký tự.`, `At most ${r.maxLength} characters.`));
  if (r.pattern !== undefined && !new RegExp(r.pattern, 'u').test(text)) {
    out.push(issue(path, 'text.pattern', r.patternMessage?.vi ?? 'Giá trị không đúng định dạng.', r.patternMessage?.en ?? 'The value does not have the expected format.'));
  }
  switch (field.type) {
    case 'name':
      out.push(...validatePersonName(path, text));
      break;
    case 'date': {
      out.push(...validateDateVN(path, text, r, opts.today));
      if (r.notBefore && out.length === 0) {
        const other = get(r.notBefore);
        const a = parseDateVN(text);
        const b = typeof other === 'string' ? parseDateVN(other) : null;
        if (a && b && compareDates(a, b) < 0) out.push(issue(path, 'date.before', 'Ngày này không được trước ngày liên quan.', 'This date cannot be before the related date.'));
      }
      break;
    }
    case 'time':
      if (!TIME.test(text)) out.push(issue(path, 'time.format', 'Giờ không hợp lệ, nhập dạng giờ:phút (vd. 08:30).', 'Invalid time; use HH:MM (e.g. 08:30).'));
      break;
    case 'personalId': {
      const dobRaw = r.consistentWith?.dateOfBirth ? get(r.consistentWith.dateOfBirth) : undefined;
      const sexRaw = r.consistentWith?.sex ? get(r.consistentWith.sex) : undefined;
      out.push(
        ...validatePersonalId(path, text, {
          dateOfBirth: typeof dobRaw === 'string' ? parseDateVN(dobRaw) : null,
          sex: sexRaw === 'male' || sexRaw === 'female' ? (sexRaw as Sex) : null,
        }),
      );
      break;
    }
    case 'oldIdNumber':
      if (!/^\d{9}$/u.test(text)) out.push(issue(path, 'old-id.format', 'Số CMND cũ phải gồm 9 chữ số.', 'The old ID card number must be 9 digits.'));
      break;
    case 'phone':
      out.push(...validatePhone(path, text, r.phone ?? 'any'));
      break;
    case 'email':
      if (!EMAIL.test(text)) out.push(issue(path, 'email.invalid', 'Địa chỉ thư điện tử không hợp lệ.', 'Invalid e-mail address.'));
      break;
    case 'select':
      if (!field.options?.some((o) => o.value === text)) out.push(issue(path, 'select.invalid', 'Hãy chọn một giá trị trong danh sách.', 'Please choose one of the listed answers.'));
      break;
    default:
      break;
  }
  return out;
}

function isRequired(field: Field, get: (p: string) => FieldValue | undefined): boolean {
  return typeof field.required === 'boolean' ? field.required : evaluate(field.required, get);
}

export function sectionVisible(section: Section, get: (p: string) => FieldValue | undefined): boolean {
  return !section.when || evaluate(section.when, get);
}
export function fieldVisible(field: Field, get: (p: string) => FieldValue | undefined): boolean {
  return !field.when || evaluate(field.when, get);
}

function validateRows(view: MemberView, section: Section, draft: Draft, opts: Required<Pick<ValidateOptions, 'today'>> & ValidateOptions, missing: Map<string, MissingField>): ValidationIssue[] {
  const repeat = section.repeat!;
  const out: ValidationIssue[] = [];
  const count = rowCount(draft.rows, section.id);
  const noun = { vi: repeat.rowLabel.vi.toLocaleLowerCase('vi'), en: repeat.rowLabel.en.toLowerCase() };
  if (count < repeat.min) {
    out.push(issue(section.id, 'rows.too-few', `Cần khai ít nhất ${repeat.min} ${noun.vi}.`, `Please add at least ${repeat.min} ${noun.en}${repeat.min === 1 ? '' : 's'}.`));
    if (!missing.has(section.id)) missing.set(section.id, { path: section.id, label: repeat.rowLabel, section: section.title });
  }
  if (count > repeat.max) out.push(issue(section.id, 'rows.too-many', `Chỉ khai tối đa ${repeat.max} ${noun.vi}.`, `You can add at most ${repeat.max} ${noun.en}${repeat.max === 1 ? '' : 's'}.`));
  for (let row = 0; row < Math.min(count, repeat.max); row++) {
    const get = rowGetter(view, draft.values, section.id, row);
    for (const field of section.fields) {
      if (!fieldVisible(field, get)) continue;
      const path = rowPath(section.id, row, field.id);
      const value = draft.values[path];
      if (!isFilled(value)) {
        if (isRequired(field, get)) {
          const label = { vi: `${field.label.vi} (${repeat.rowLabel.vi} ${row + 1})`, en: `${field.label.en} (${repeat.rowLabel.en} ${row + 1})` };
          out.push(issue(path, 'required', `Chưa nhập: ${label.vi}.`, `Required: ${label.en}.`));
          if (!missing.has(path)) missing.set(path, { path, label, section: section.title });
        }
        continue;
      }
      out.push(...validateValue(path, field, value!, get, opts));
    }
  }
  return out;
}

function validateMember(view: MemberView, draft: Draft, opts: Required<Pick<ValidateOptions, 'today'>> & ValidateOptions, missing: Map<string, MissingField>): ValidationIssue[] {
  const get = (memberPath: string) => memberValue(view, draft.values, memberPath);
  const out: ValidationIssue[] = [];
  for (const section of view.procedure.sections) {
    if (!sectionVisible(section, get)) continue;
    if (section.repeat) {
      if (!view.noRows.has(section.id)) out.push(...validateRows(view, section, draft, opts, missing));
      continue;
    }
    for (const field of section.fields) {
      if (!fieldVisible(field, get) || `${section.id}.${field.id}` in view.fixed) continue;
      const path = view.toDraft(`${section.id}.${field.id}`);
      const value = draft.values[path];
      if (!isFilled(value)) {
        if (isRequired(field, get)) {
          out.push(issue(path, 'required', `Chưa nhập: ${field.label.vi}.`, `Required: ${field.label.en}.`));
          if (!missing.has(path)) missing.set(path, { path, label: field.label, section: section.title });
        }
        continue;
      }
      // Checks written against member paths (notBefore, consistentWith) must read through the view.
      out.push(...validateValue(path, field, value!, get, opts));
    }
  }
  return out;
}

export function validateDraft(catalogue: Catalogue, draft: Draft, options: ValidateOptions = {}): DraftValidation {
  const target = targetOrThrow(catalogue, draft.targetId);
  const opts = { ...options, today: options.today ?? todayInVietnam() };
  const missing = new Map<string, MissingField>();
  const byProcedure: Record<string, ValidationIssue[]> = {};
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const view of memberViews(target)) {
    const found = validateMember(view, draft, opts, missing);
    byProcedure[view.procedure.id] = found;
    for (const i of found) {
      const key = `${i.path}|${i.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(i);
    }
  }
  return { ok: !issues.some((i) => i.severity === 'error'), flagged: issues.some((i) => i.severity === 'flag'), issues, missing: [...missing.values()], byProcedure };
}

/** Issues for one path only: what the UI shows under the field just edited. */
export function validateField(catalogue: Catalogue, draft: Draft, path: string, options: ValidateOptions = {}): ValidationIssue[] {
  return validateDraft(catalogue, draft, options).issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
}
