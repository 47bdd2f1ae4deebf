// Runs in: Node (engine). The printed front of a CCCD, read when the chip cannot be: OCR with the
// Vietnamese model, then label-anchored field extraction. Every field carries a confidence; the
// form shows low-confidence fields for the citizen to check.
import { KioskError } from '../../shared/errors';
import { prepareImage } from '../imaging/pipeline';
import type { ImageLimits } from '../imaging/load';
import { PSM, type OcrLine, type OcrPool } from './pool';

export interface OcrField {
  /** NFC-normalised. Dates are ISO yyyy-mm-dd. */
  value: string;
  /** 0..1: Tesseract's line confidence, lowered when a consistency check fails. */
  confidence: number;
}

export interface IdFrontFields {
  idNumber?: OcrField;
  fullName?: OcrField;
  dateOfBirth?: OcrField;
  sex?: OcrField;
  nationality?: OcrField;
  placeOfOrigin?: OcrField;
  placeOfResidence?: OcrField;
  dateOfExpiry?: OcrField;
}

export interface IdFrontResult {
  fields: IdFrontFields;
  /** Consistency problems found (English, for technicians; no personal data). */
  warnings: string[];
}

/** Lower-case, marks removed: labels are matched even when a tone mark was misread. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

const LABELS = {
  idNumber: /\bso\b|\bno\b|so dinh danh|personal identification/,
  fullName: /ho va ten|ho, chu dem|full name/,
  dateOfBirth: /ngay.{0,3}sinh|date of birth/,
  sex: /gioi tinh|\bsex\b/,
  nationality: /quoc tich|nationality/,
  placeOfOrigin: /que quan|place of origin/,
  placeOfResidence: /noi thuong tru|place of residence/,
  dateOfExpiry: /co gia tri den|gia tri den|date of expiry/,
} as const;

const ANY_LABEL = new RegExp(Object.values(LABELS).map((r) => r.source).join('|'));

function dateIn(text: string): string | undefined {
  const m = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/.exec(text);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Text after the last label colon, or undefined when the line is only a label. */
function afterColon(text: string): string | undefined {
  const i = text.lastIndexOf(':');
  if (i < 0) return undefined;
  const v = text.slice(i + 1).trim();
  return v.length >= 2 ? v : undefined;
}

const conf = (l: OcrLine) => Math.max(0, Math.min(1, l.confidence / 100));

/**
 * Place names and nationalities never end in punctuation; a trailing '.', '_' or '-' is noise the
 * OCR read off the paper's grain (seen under uneven light, where the shadowed paper is noisier).
 */
const trimStray = (s: string) => s.replace(/[\s._\-'`~,;:]+$/u, '');

/** Common digit misreads inside a number (the ID line is all digits). */
function digitsFrom(s: string): string {
  return s.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1').replace(/B/g, '8').replace(/S/g, '5').replace(/[^\d]/g, '');
}

/** Pure: OCR lines (top to bottom) → fields. */
export function parseIdFrontLines(lines: readonly OcrLine[]): IdFrontResult {
  const fields: IdFrontFields = {};
  const warnings: string[] = [];
  // '|' is what the photo's edge reads as; a lone mark line is an accent split off its letters.
  const texts = lines.map((l) => l.text.normalize('NFC').replace(/[|]/g, ' ').replace(/\s+/g, ' ').trim());
  const folded = texts.map(fold);
  const valueLine = (i: number): { text: string; line: OcrLine } | undefined => {
    const own = afterColon(texts[i]!);
    if (own) return { text: own, line: lines[i]! };
    for (let j = i + 1; j < Math.min(texts.length, i + 3); j++) {
      if (ANY_LABEL.test(folded[j]!)) return undefined;
      if ((texts[j]!.match(/\p{L}/gu) ?? []).length >= 2) return { text: texts[j]!, line: lines[j]! };
    }
    return undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const f = folded[i]!;
    const t = texts[i]!;
    if (!fields.idNumber) {
      for (const m of t.matchAll(/[\dOoIlBS| ]{12,20}/g)) {
        const digits = digitsFrom(m[0]);
        if (digits.length === 12 && (m[0].match(/\d/g) ?? []).length >= 8) {
          fields.idNumber = { value: digits, confidence: conf(lines[i]!) * (LABELS.idNumber.test(f) ? 1 : 0.8) };
          break;
        }
      }
    }
    if (!fields.fullName && LABELS.fullName.test(f)) {
      const v = valueLine(i);
      // Surnames have two letters or more: a leading single letter is a stray mark.
      const name = v?.text.toUpperCase().replace(/^\P{L}*\p{L}\s+(?=\p{L}{2})/u, '').replace(/[^\p{L} ]/gu, '').trim();
      if (v && name && /\p{L}{2,}/u.test(name)) fields.fullName = { value: name, confidence: conf(v.line) };
    }
    if (!fields.dateOfBirth && LABELS.dateOfBirth.test(f)) {
      const d = dateIn(t) ?? (texts[i + 1] ? dateIn(texts[i + 1]!) : undefined);
      if (d) fields.dateOfBirth = { value: d, confidence: conf(lines[i]!) };
    }
    if (!fields.sex && LABELS.sex.test(f)) {
      const m = /(?:sex|tinh)\s*:?\s*(nam|nu)\b/.exec(f);
      if (m) fields.sex = { value: m[1] === 'nam' ? 'Nam' : 'Nữ', confidence: conf(lines[i]!) };
    }
    if (!fields.nationality && LABELS.nationality.test(f)) {
      const v = afterColon(t);
      if (v && trimStray(v)) fields.nationality = { value: trimStray(v), confidence: conf(lines[i]!) };
    }
    if (!fields.placeOfOrigin && LABELS.placeOfOrigin.test(f)) {
      const v = valueLine(i);
      if (v && trimStray(v.text)) fields.placeOfOrigin = { value: trimStray(v.text), confidence: conf(v.line) };
    }
    if (!fields.placeOfResidence && LABELS.placeOfResidence.test(f)) {
      const v = valueLine(i);
      if (v) {
        let text = v.text;
        let c = conf(v.line);
        // Residence often wraps onto a second line.
        const j = v.line === lines[i] ? i + 1 : i + 2;
        if (texts[j] && !ANY_LABEL.test(folded[j]!) && !dateIn(texts[j]!) && /,|\p{L}{3,}/u.test(texts[j]!) && v.text.trim().endsWith(',')) {
          text = `${text} ${texts[j]}`;
          c = Math.min(c, conf(lines[j]!));
        }
        if (trimStray(text)) fields.placeOfResidence = { value: trimStray(text), confidence: c };
      }
    }
    if (!fields.dateOfExpiry && LABELS.dateOfExpiry.test(f)) {
      const d = dateIn(t) ?? (texts[i + 1] ? dateIn(texts[i + 1]!) : undefined);
      if (d) fields.dateOfExpiry = { value: d, confidence: conf(lines[i]!) };
    }
  }

  // The CCCD number encodes century + sex (4th digit) and the birth year (5th-6th digits).
  const id = fields.idNumber?.value;
  if (id && fields.dateOfBirth) {
    const year = Number(fields.dateOfBirth.value.slice(0, 4));
    const code = Number(id[3]);
    const century = Math.floor(year / 100);
    const expectedCodes = century === 19 ? [0, 1] : century === 20 ? [2, 3] : century === 21 ? [4, 5] : [];
    const yearOk = id.slice(4, 6) === String(year % 100).padStart(2, '0');
    if (!yearOk || !expectedCodes.includes(code)) {
      warnings.push('ID number does not encode the date of birth read beside it');
      fields.idNumber!.confidence *= 0.5;
      fields.dateOfBirth.confidence *= 0.5;
    } else if (fields.sex) {
      const female = code % 2 === 1;
      if ((fields.sex.value === 'Nữ') !== female) {
        warnings.push('ID number does not encode the sex read beside it');
        fields.sex.confidence *= 0.5;
      }
    }
  }
  return { fields, warnings };
}

/** Image of a card front in, fields out. Throws `ocr.front-unreadable` when no field is found. */
export async function readIdFront(input: Buffer | string, pool: OcrPool, limits: ImageLimits = {}): Promise<IdFrontResult> {
  const prepared = await prepareImage(input, limits);
  // One block: the card's label/value layout reads in order, and it is 2-3x faster than auto
  // layout analysis on two cores.
  const page = await pool.recognize(prepared.data, { psm: PSM.SINGLE_BLOCK });
  const result = parseIdFrontLines(page.lines);
  if (!result.fields.idNumber && !result.fields.fullName) {
    throw new KioskError({
      code: 'ocr.front-unreadable',
      technicianMessage: `no ID number or name found on the card front (${page.lines.length} text lines, mean confidence ${Math.round(page.confidence)})`,
      citizenMessage: 'Không đọc được mặt trước thẻ. Xin vui lòng đặt lại thẻ hoặc nhập thông tin.',
      retryable: true,
    });
  }
  return result;
}
