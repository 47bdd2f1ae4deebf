// Runs in: Node (engine) and the renderer alike: pure. Turns the raw text of the QR code printed on
// the front of a CCCD into an IdentityForForms, so the kiosk can auto-fill without the chip.
// Layout (public, widely reproduced): id|old CMND|full name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy issue
// date; later cards may append fields, which are ignored.
import { KioskError } from '../../shared/errors';
import { normaliseText } from '../validation/issues';
import { parseDateVN } from '../validation/date';
import type { Dg13 } from '../../../hardware/card-reader/lds/dg13';
import type { IdentityForForms, SourcedValue } from './identity';
import type { IdentityKey } from './schema';

function invalid(reason: string): KioskError {
  return new KioskError({
    code: 'forms.cccd-qr-invalid',
    technicianMessage: `CCCD QR text rejected: ${reason}`,
    citizenMessage: 'Không đọc được mã QR trên thẻ căn cước. Xin đặt lại thẻ hoặc đưa thẻ vào đầu đọc.',
  });
}

/** ddmmyyyy → dd/mm/yyyy, or null if it is not a real date. */
function qrDate(text: string): string | null {
  if (!/^\d{8}$/u.test(text)) return null;
  const formatted = `${text.slice(0, 2)}/${text.slice(2, 4)}/${text.slice(4)}`;
  return parseDateVN(formatted) ? formatted : null;
}

export function identityFromCccdQr(raw: string): IdentityForForms {
  if (typeof raw !== 'string' || raw.length > 1000) throw invalid('not a string of plausible length');
  const parts = raw.normalize('NFC').trim().split('|');
  if (parts.length < 7) throw invalid(`expected at least 7 "|"-separated fields, got ${parts.length}`);
  const [id, oldId, name, dob, sex, address, issued] = parts.map((p) => normaliseText(p)) as [string, string, string, string, string, string, string];
  if (!/^\d{12}$/u.test(id)) throw invalid('field 1 is not a 12-digit ID number');
  if (oldId !== '' && !/^\d{9}$/u.test(oldId)) throw invalid('field 2 is neither empty nor a 9-digit old ID number');
  if (name.length < 2 || /\d/u.test(name)) throw invalid('field 3 is not a name');
  const birth = qrDate(dob);
  if (!birth) throw invalid('field 4 is not a ddmmyyyy date');
  const sexValue = sex === 'Nam' ? 'male' : sex === 'Nữ' ? 'female' : null;
  if (!sexValue) throw invalid('field 5 is neither "Nam" nor "Nữ"');
  const issue = qrDate(issued);
  if (!issue) throw invalid('field 7 is not a ddmmyyyy date');
  const source = 'cccd-qr' as const;
  return {
    personalId: { value: id, source },
    ...(oldId ? { oldIdNumber: { value: oldId, source } } : {}),
    fullName: { value: name, source },
    dateOfBirth: { value: birth, source },
    sex: { value: sexValue, source },
    ...(address ? { permanentAddress: { value: address, source } } : {}),
    issueDate: { value: issue, source },
  };
}

/** Chip sex text ("Nam"/"Nữ", sometimes "M"/"F") to the form value; null when unrecognised. */
export function sexFromText(text: string | undefined): 'male' | 'female' | null {
  const t = (text ?? '').normalize('NFC').trim().toLowerCase();
  if (t === 'nam' || t === 'm' || t === 'male') return 'male';
  if (t === 'nữ' || t === 'nu' || t === 'f' || t === 'female') return 'female';
  return null;
}

const DG13_KEYS: [keyof Dg13, IdentityKey][] = [
  ['idNumber', 'personalId'],
  ['oldIdNumber', 'oldIdNumber'],
  ['fullName', 'fullName'],
  ['dateOfBirth', 'dateOfBirth'],
  ['nationality', 'nationality'],
  ['ethnicity', 'ethnicity'],
  ['religion', 'religion'],
  ['placeOfOrigin', 'placeOfOrigin'],
  ['placeOfResidence', 'permanentAddress'],
  ['identifyingMarks', 'identifyingMarks'],
  ['dateOfIssue', 'issueDate'],
  ['dateOfExpiry', 'expiryDate'],
  ['fatherName', 'fatherName'],
  ['motherName', 'motherName'],
  ['spouseName', 'spouseName'],
];

/**
 * Chip DG13 (as parsed by hardware/card-reader/lds/dg13) → identity. Values are passed through
 * NFC-normalised; dates stay dd/mm/yyyy (a non-date expiry such as "Không thời hạn" is dropped);
 * an unrecognised sex is left out rather than guessed.
 */
export function identityFromDg13(dg13: Dg13): IdentityForForms {
  const out: IdentityForForms = {};
  const source = 'chip-dg13' as const;
  for (const [from, to] of DG13_KEYS) {
    const raw = dg13[from];
    if (typeof raw !== 'string') continue;
    const value = normaliseText(raw);
    if (!value) continue;
    if ((to === 'dateOfBirth' || to === 'issueDate' || to === 'expiryDate') && !parseDateVN(value)) continue;
    (out as Record<string, SourcedValue>)[to] = { value, source };
  }
  const sex = sexFromText(dg13.sex);
  if (sex) out.sex = { value: sex, source };
  return out;
}
