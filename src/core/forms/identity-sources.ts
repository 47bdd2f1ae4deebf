// Runs in: Node (engine) and the renderer alike: pure. Identity facts for auto-fill from the sources
// the kiosk reads before the citizen types anything: the QR printed on the front of a CCCD (parsed by
// the one shared parser, src/shared/cccd-qr.ts) and the chip's DG13.
import { parseCccdQr } from '../../shared/cccd-qr';
import { parseDateVN } from '../validation/date';
import { normaliseText } from '../validation/issues';
import type { Dg13 } from '../../../hardware/card-reader/lds/dg13';
import type { IdentityForForms, SourcedValue } from './identity';
import type { IdentityKey } from './schema';

/** ISO `YYYY-MM-DD` → dd/mm/yyyy. A year-only birth date is left out: the forms need the whole date. */
function isoToVN(iso: string | undefined): string | undefined {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : undefined;
}

/**
 * CCCD front-QR text → identity. Text that is not a CCCD QR throws the parser's KioskError
 * (`qr.cccd-invalid`); a field the parser could not read (it lists it in its warnings) is simply
 * not auto-filled, so the citizen is asked for it instead of being given a guess.
 */
export function identityFromCccdQr(raw: string): IdentityForForms {
  const { identity } = parseCccdQr(raw);
  const source = 'cccd-qr' as const;
  const put = (value: string | undefined) => (value ? { value, source } : undefined);
  const entries: [keyof IdentityForForms, { value: string; source: typeof source } | undefined][] = [
    ['personalId', put(identity.idNumber)],
    ['oldIdNumber', put(identity.oldIdNumber)],
    ['fullName', put(identity.fullName)],
    ['dateOfBirth', put(isoToVN(identity.dateOfBirth))],
    ['sex', put(identity.sex === 'M' ? 'male' : identity.sex === 'F' ? 'female' : undefined)],
    ['permanentAddress', put(identity.address)],
    ['issueDate', put(isoToVN(identity.issueDate))],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as IdentityForForms;
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
