// Runs in: any process (pure). DG13 on the Vietnamese CCCD: [APPLICATION 13] { SEQUENCE {
// INTEGER version, OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value... } } } } with fields
// 1-16 (see the team reference doc §2.3). Keyed on the INTEGER, never on fixed byte prefixes, so
// long-form lengths, absent fields and either parent-name layout parse the same way.

import { oid, smallInt, string, TAG } from './asn1';
import { children, inContext, ldsMalformed, readSingle, walk, type Tlv } from './tlv';

export interface Dg13 {
  idNumber?: string;
  fullName?: string;
  /** dd/mm/yyyy as stored. */
  dateOfBirth?: string;
  sex?: string;
  nationality?: string;
  ethnicity?: string;
  religion?: string;
  placeOfOrigin?: string;
  placeOfResidence?: string;
  identifyingMarks?: string;
  /** dd/mm/yyyy as stored. */
  dateOfIssue?: string;
  /** dd/mm/yyyy, or a word such as "Không thời hạn" on cards that do not expire. */
  dateOfExpiry?: string;
  fatherName?: string;
  motherName?: string;
  spouseName?: string;
  /** Old 9-digit CMND number (field 15, or field 16 when it holds 9/12 digits). */
  oldIdNumber?: string;
  /** Field 16 when it is not an ID number (meaning unconfirmed). */
  field16?: string;
  /** Every numbered field, decoded: the strings found in it, in order. */
  fields: Record<number, string[]>;
}

const SIMPLE: Record<number, keyof Dg13> = {
  1: 'idNumber',
  2: 'fullName',
  3: 'dateOfBirth',
  4: 'sex',
  5: 'nationality',
  6: 'ethnicity',
  7: 'religion',
  8: 'placeOfOrigin',
  9: 'placeOfResidence',
  10: 'identifyingMarks',
  11: 'dateOfIssue',
  12: 'dateOfExpiry',
  14: 'spouseName',
  15: 'oldIdNumber',
};

const STRING_TAGS = new Set<number>([TAG.UTF8, TAG.PRINTABLE, TAG.IA5, TAG.T61, TAG.BMP, 0x1a]);

/** All string descendants of the elements after the field number, in document order. */
function stringsOf(rest: Tlv[]): string[] {
  const out: string[] = [];
  for (const r of rest) {
    walk(r, (node) => {
      if (STRING_TAGS.has(node.tag)) out.push(string(node).trim());
    });
  }
  return out;
}

export function parseDg13(bytes: Uint8Array): Dg13 {
  return inContext('DG13', () => {
    // Some fixtures wrap the content in a bare SEQUENCE instead of [APPLICATION 13].
    const first = readSingle(bytes, undefined, true);
    if (first.tag !== 0x6d && first.tag !== 0x30) throw ldsMalformed(`outer tag 0x${first.tag.toString(16)} is neither 6D nor 30`);
    let body = first.tag === 0x6d ? children(first) : [first];
    if (body.length === 1 && body[0]!.tag === 0x30) body = children(body[0]!);
    const fieldSet = body.find((t) => t.tag === 0x31);
    if (!fieldSet) throw ldsMalformed('no SET of numbered fields');
    const encodingOid = body.find((t) => t.tag === TAG.OID);
    if (encodingOid && oid(encodingOid) !== '1.0.10646.1.0.8') throw ldsMalformed('character-set OID is not ISO 10646 UTF-8');
    const out: Dg13 = { fields: {} };
    for (const f of children(fieldSet)) {
      if (f.tag !== 0x30) throw ldsMalformed('a field is not a SEQUENCE');
      const parts = children(f);
      const numTlv = parts[0];
      if (!numTlv || numTlv.tag !== TAG.INTEGER) throw ldsMalformed('a field does not start with its number');
      const n = smallInt(numTlv);
      if (n < 1 || n > 64) throw ldsMalformed(`field number ${n} out of range`);
      const values = stringsOf(parts.slice(1));
      out.fields[n] = values;
      const first = values.find((v) => v.length > 0);
      if (n === 13) {
        // Either SEQ{SEQ{father}, SEQ{mother}} or SEQ{SEQ{father, mother}}: take the 1st and 2nd strings.
        if (values[0]) out.fatherName = values[0];
        if (values[1]) out.motherName = values[1];
      } else if (n === 16) {
        if (first && /^(\d{9}|\d{12})$/.test(first)) out.oldIdNumber ??= first;
        else if (first) out.field16 = first;
      } else {
        const key = SIMPLE[n];
        if (key && first !== undefined) (out as unknown as Record<string, string>)[key] = first;
      }
    }
    return out;
  });
}

/** DG13 dates are dd/mm/yyyy; returns YYYY-MM-DD, or undefined for anything else ("Không thời hạn"). */
export function dg13DateToIso(value: string | undefined): string | undefined {
  const m = value ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m;
  const d = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (d.getUTCDate() !== Number(dd) || d.getUTCMonth() !== Number(mm) - 1) return undefined;
  return `${yyyy}-${mm}-${dd}`;
}
