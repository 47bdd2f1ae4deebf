// Runs in: Node (vitest). The engine end to end on the shipped catalogue: complete examples,
// auto-fill from the chip (table per procedure), conditional sections, shared group data,
// appointment dates over Tết, diacritics-insensitive search, upstream mapping, and a fuzz pass.
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { loadAdminUnits } from '../validation/load-admin-units';
import { resolveTarget, draftFields } from './catalogue';
import { appointmentDate, loadHolidays } from './calendar';
import { applyAnswers, applyEdit, autofill, createDraft } from './draft';
import type { Draft, FieldValue } from './draft-types';
import { SAMPLE_ANSWERS, SAMPLE_DOCUMENTS, SAMPLE_IDENTITY, SAMPLE_TODAY } from './fixtures';
import { KEYS_BY_SOURCE, type IdentityForForms } from './identity';
import { loadCatalogue } from './loader';
import { searchProcedures } from './search';
import { toUpstream } from './upstream';
import { requiredDocuments } from './documents';
import { validateDraft } from './validate';

const catalogue = loadCatalogue();
const adminUnits = loadAdminUnits();
const opts = { adminUnits, today: SAMPLE_TODAY };

function complete(id: string, answers = SAMPLE_ANSWERS[id]!, identity: IdentityForForms = SAMPLE_IDENTITY): Draft {
  let d = createDraft(catalogue, id);
  d = applyAnswers(catalogue, d, answers);
  return autofill(catalogue, d, { identity, documents: SAMPLE_DOCUMENTS, adminUnits });
}

describe('every procedure and group: a complete example validates', () => {
  const ids = [...catalogue.procedures.keys(), ...catalogue.groups.keys()];
  it('covers the whole catalogue', () => expect(Object.keys(SAMPLE_ANSWERS).sort()).toEqual(ids.sort()));
  it.each(ids)('%s', (id) => {
    const result = validateDraft(catalogue, complete(id), opts);
    expect(result.issues).toEqual([]);
    expect(result.ok && !result.flagged).toBe(true);
    expect(result.missing).toEqual([]);
  });
  it.each(ids)('%s: an empty draft lists what is missing, with vi/en labels and paths', (id) => {
    const result = validateDraft(catalogue, createDraft(catalogue, id), opts);
    expect(result.ok).toBe(false);
    expect(result.missing.length).toBeGreaterThan(3);
    for (const i of result.issues) {
      expect(i.path).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+/u);
      expect(i.vi.length && i.en.length).toBeTruthy();
    }
  });
});

const R = ['requester.fullName', 'requester.personalId', 'requester.dateOfBirth', 'requester.sex', 'requester.residence'];
/** What the CCCD chip (DG13) fills, per procedure, given the sample answers. */
const CHIP_TABLE: Record<string, string[]> = {
  'khai-sinh': [...R, 'mother.fullName', 'mother.dateOfBirth', 'mother.personalId', 'mother.ethnicity', 'mother.nationality', 'mother.residence'],
  'dang-ky-thuong-tru': [...R, 'person.fullName', 'person.dateOfBirth', 'person.sex', 'person.personalId'],
  'bhyt-tre-em-duoi-6': R,
  'lien-thong-khai-sinh': [...R, 'mother.fullName', 'mother.dateOfBirth', 'mother.personalId', 'mother.ethnicity', 'mother.nationality', 'mother.residence'],
  'khai-tu': R,
  'xoa-dang-ky-thuong-tru': R,
  'tro-cap-mai-tang': [...R, 'requester.idIssueDate'],
  'lien-thong-khai-tu': [...R, 'requester.idIssueDate'],
  'ly-lich-tu-phap': [...R, 'requester.placeOfBirth', 'requester.nationality', 'requester.ethnicity', 'requester.idIssueDate', 'family.fatherName', 'family.motherName', 'family.spouseName'],
  'thay-doi-thong-tin-cu-tru': [...R, 'person.fullName', 'person.dateOfBirth', 'person.sex', 'person.personalId'],
  'ho-kinh-doanh': [...R, 'requester.ethnicity', 'requester.nationality'],
};

describe('chip → form mapping (table)', () => {
  it.each(Object.entries(CHIP_TABLE))('%s: fills exactly the fields the chip can provide, marked chip-dg13', (id, expected) => {
    const d = complete(id);
    const fromChip = Object.entries(d.sources).filter(([, s]) => s === 'chip-dg13').map(([p]) => p).sort();
    expect(fromChip).toEqual([...expected].sort());
  });
  it('converts on the way in: sex as a select value, the old chip address into 2025 codes', () => {
    const d = complete('khai-sinh');
    expect(d.values['requester.sex']).toBe('female');
    expect(d.values['requester.residence']).toEqual({ text: 'Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội', provinceCode: '01', communeCode: '00097', detail: 'Số 5' });
    expect(d.values['child.fullName']).toBe('Lê Đức Lợi');
    expect(d.sources['child.fullName']).toBe('document-ocr');
  });
  it('a QR-only identity fills only what the QR carries', () => {
    const qr: IdentityForForms = {};
    for (const k of KEYS_BY_SOURCE['cccd-qr']) (qr as Record<string, unknown>)[k] = { ...SAMPLE_IDENTITY[k]!, source: 'cccd-qr' };
    const d = complete('khai-sinh', SAMPLE_ANSWERS['khai-sinh'], qr);
    expect(d.sources['mother.fullName']).toBe('cccd-qr');
    expect(d.values['mother.ethnicity']).toBeUndefined();
    expect(validateDraft(catalogue, d, opts).missing.map((m) => m.path)).toEqual(['mother.ethnicity', 'mother.nationality']);
  });
  it('moves identity data when the citizen changes whom they declare for, and never overwrites typed values', () => {
    let d = complete('khai-sinh');
    for (const p of ['fullName', 'dateOfBirth', 'personalId', 'ethnicity', 'nationality', 'residence']) d = applyEdit(catalogue, d, `father.${p}`, null);
    d = applyEdit(catalogue, d, 'requester.relationship', 'father');
    d = applyEdit(catalogue, d, 'father.ethnicity', 'Tày');
    d = autofill(catalogue, d, { identity: SAMPLE_IDENTITY, documents: SAMPLE_DOCUMENTS, adminUnits });
    expect(d.values['mother.fullName']).toBeUndefined();
    expect(d.values['father.fullName']).toBe('Vũ Thị Ấu');
    expect(d.values['father.ethnicity']).toBe('Tày');
    expect(d.sources['father.ethnicity']).toBe('citizen');
    expect(d.sources['father.fullName']).toBe('chip-dg13');
    expect(validateDraft(catalogue, d, opts).missing.map((m) => m.path)).toEqual(['mother.fullName', 'mother.dateOfBirth', 'mother.personalId', 'mother.ethnicity', 'mother.nationality', 'mother.residence']);
  });
});

describe('conditional sections and fields', () => {
  it('hides the father block when no father is declared', () => {
    let d = complete('khai-sinh');
    for (const p of ['father.fullName', 'father.dateOfBirth', 'father.personalId', 'father.ethnicity', 'father.nationality', 'father.residence']) d = applyEdit(catalogue, d, p, null);
    expect(validateDraft(catalogue, d, opts).missing.map((m) => m.path)).toEqual(['father.fullName', 'father.dateOfBirth', 'father.personalId', 'father.ethnicity', 'father.nationality', 'father.residence']);
    d = applyEdit(catalogue, d, 'fatherDeclared.declared', false);
    expect(validateDraft(catalogue, d, opts)).toMatchObject({ ok: true, missing: [] });
  });
  it('asks for the bank account only when paying by transfer', () => {
    let d = complete('tro-cap-mai-tang');
    d = applyEdit(catalogue, d, 'payout.bankAccount', null);
    expect(validateDraft(catalogue, d, opts).missing.map((m) => m.path)).toEqual(['payout.bankAccount']);
    d = applyEdit(catalogue, d, 'payout.method', 'cash');
    expect(validateDraft(catalogue, d, opts).ok).toBe(true);
  });
});

describe('interconnected groups', () => {
  it('collects shared data once: the child is one set of fields used by all three members', () => {
    const fields = draftFields(resolveTarget(catalogue, 'lien-thong-khai-sinh')!);
    const child = fields.find((f) => f.path === 'child.fullName');
    expect(child?.usedBy).toEqual(['khai-sinh', 'dang-ky-thuong-tru', 'bhyt-tre-em-duoi-6']);
    expect(fields.filter((f) => f.path.startsWith('person.'))).toEqual([expect.objectContaining({ path: 'person.occupation' })]);
  });
  it('validates each member with its own rules (health insurance: child under 6)', () => {
    const d = applyEdit(catalogue, complete('lien-thong-khai-sinh'), 'child.dateOfBirth', '01/01/2019');
    const r = validateDraft(catalogue, d, opts);
    expect(r.byProcedure['bhyt-tre-em-duoi-6']?.map((i) => i.code)).toEqual(['date.age-too-high']);
    expect(r.byProcedure['khai-sinh']).toEqual([]);
  });
  it('produces each member payload, with the residence CT01 about the child', () => {
    const payloads = toUpstream(catalogue, complete('lien-thong-khai-sinh'), adminUnits);
    expect(payloads.map((p) => p.procedureId)).toEqual(['khai-sinh', 'dang-ky-thuong-tru', 'bhyt-tre-em-duoi-6']);
    expect(payloads[1]!.fields.HoVaTen).toBe('LÊ ĐỨC LỢI');
    expect(payloads[1]!.fields.NguoiKeKhaiHoTen).toBe('VŨ THỊ ẤU');
    expect(payloads[2]!.fields.HoTenChaMeNguoiGiamHo).toBe('VŨ THỊ ẤU');
  });
});

describe('supporting documents', () => {
  it('follow the answers: birth notice or witness statement; proxy letter only by proxy', () => {
    const need = (d: Draft) => requiredDocuments(catalogue, d).filter((r) => r.required).map((r) => `${r.procedureId}:${r.document.id}`);
    let d = complete('lien-thong-khai-sinh');
    expect(need(d)).toEqual(['khai-sinh:giay-chung-sinh', 'dang-ky-thuong-tru:to-khai-ct01']);
    d = applyEdit(catalogue, d, 'registration.hasBirthNotice', false);
    d = applyEdit(catalogue, d, 'residence.relationToOwner', 'rent');
    expect(need(d)).toEqual(['khai-sinh:van-ban-lam-chung', 'dang-ky-thuong-tru:to-khai-ct01', 'dang-ky-thuong-tru:giay-to-cho-o-hop-phap']);
    const l = applyEdit(catalogue, complete('ly-lich-tu-phap'), 'request.byProxy', true);
    expect(need(l)).toEqual(['ly-lich-tu-phap:van-ban-uy-quyen']);
  });
});

describe('identity consistency', () => {
  it('flags an ID whose sex digit contradicts the chip sex, for staff', () => {
    const forged = { ...SAMPLE_IDENTITY, sex: { value: 'male' as const, source: 'chip-dg13' as const } };
    const r = validateDraft(catalogue, complete('ly-lich-tu-phap', SAMPLE_ANSWERS['ly-lich-tu-phap'], forged), opts);
    expect(r.flagged).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ path: 'requester.personalId', code: 'personal-id.sex-mismatch', severity: 'flag' })]);
  });
});

describe('upstream mapping', () => {
  it('maps a birth registration to DVCLT names with transforms', () => {
    const [p] = toUpstream(catalogue, complete('khai-sinh'), adminUnits);
    expect(p).toMatchObject({ procedureId: 'khai-sinh', maTTHC: '1.001193', system: 'DVCLT-hoTich' });
    expect(p!.fields).toMatchObject({ nksHoTen: 'LÊ ĐỨC LỢI', nksNgaySinh: '20261110', nksGioiTinh: 1, meSoDDCN: '001190012345', soLuongBanSao: 2, loaiDangKy: 1 });
    expect(p!.fields.nksNoiSinh).toBe('Phường Ba Đình, Thành phố Hà Nội');
  });
  it('sends a procedure code only when the catalogue marks it verified; staff pick the others', () => {
    const lltp = catalogue.procedures.get('ly-lich-tu-phap')!;
    expect(lltp.codes).toMatchObject({ national: '2.000488', verified: false });
    expect(toUpstream(catalogue, complete('ly-lich-tu-phap'), adminUnits)[0]!.maTTHC).toBeNull();
    expect(toUpstream(catalogue, complete('thay-doi-thong-tin-cu-tru'), adminUnits)[0]!.maTTHC).toBe('1.010039');
    // Each member of a group keeps its own code.
    expect(toUpstream(catalogue, complete('lien-thong-khai-tu'), adminUnits).map((m) => [m.procedureId, m.maTTHC])).toEqual([
      ['khai-tu', '1.000656'],
      ['xoa-dang-ky-thuong-tru', '1.003197'],
      ['tro-cap-mai-tang', null],
    ]);
  });
  it("the centre's configured procedure codes (config upstream.procedureCodes) win, per member", () => {
    const codes = { 'tro-cap-mai-tang': '1.001758', 'ly-lich-tu-phap': '2.000488' };
    expect(toUpstream(catalogue, complete('lien-thong-khai-tu'), adminUnits, { procedureCodes: codes }).map((m) => [m.procedureId, m.maTTHC])).toEqual([
      ['khai-tu', '1.000656'],
      ['xoa-dang-ky-thuong-tru', '1.003197'],
      ['tro-cap-mai-tang', '1.001758'],
    ]);
    expect(toUpstream(catalogue, complete('ly-lich-tu-phap'), adminUnits, { procedureCodes: codes })[0]!.maTTHC).toBe('2.000488');
  });
  it('splits addresses into codes', () => {
    const [p] = toUpstream(catalogue, complete('ho-kinh-doanh'), adminUnits);
    expect(p!.fields).toMatchObject({ DiaChiMaTinh: '01', DiaChiMaXa: '00004', DiaChiChiTiet: 'Số 12 phố Lý Thường Kiệt', VonKinhDoanh: 50_000_000 });
  });
});

describe('appointment date', () => {
  const cal = loadHolidays();
  const at = (iso: string) => new Date(`${iso}+07:00`);
  it('skips the Tết Bính Ngọ closure (2026)', () => {
    expect(appointmentDate(at('2026-02-13T10:00:00'), { workingDays: 3 }, cal)).toEqual({ year: 2026, month: 2, day: 25 });
  });
  it('skips Tết Ất Tỵ and counts the make-up Saturday (2025)', () => {
    expect(appointmentDate(at('2025-01-24T09:00:00'), { workingDays: 5 }, cal)).toEqual({ year: 2025, month: 2, day: 7 });
    expect(appointmentDate(at('2025-02-07T09:00:00'), { workingDays: 1 }, cal)).toEqual({ year: 2025, month: 2, day: 8 });
  });
  it('skips Hùng Kings (in lieu on Monday 27/04/2026) and 30/4–1/5', () => {
    expect(appointmentDate(at('2026-04-24T09:00:00'), { workingDays: 2 }, cal)).toEqual({ year: 2026, month: 4, day: 29 });
    expect(appointmentDate(at('2026-04-29T09:00:00'), { workingDays: 1 }, cal)).toEqual({ year: 2026, month: 5, day: 4 });
  });
  it('same-day procedures move to the next working day after the cutoff or on a weekend', () => {
    expect(appointmentDate(at('2026-11-23T14:59:00'), { workingDays: 0, sameDayCutoff: '15:00' }, cal)).toEqual({ year: 2026, month: 11, day: 23 });
    expect(appointmentDate(at('2026-11-23T15:00:00'), { workingDays: 0, sameDayCutoff: '15:00' }, cal)).toEqual({ year: 2026, month: 11, day: 24 });
    expect(appointmentDate(at('2026-11-21T09:00:00'), { workingDays: 0, sameDayCutoff: '15:00' }, cal)).toEqual({ year: 2026, month: 11, day: 23 });
  });
  it('refuses to guess for a year without holiday data', () => {
    try {
      appointmentDate(at('2028-03-01T09:00:00'), { workingDays: 1 }, cal);
      expect.unreachable();
    } catch (e) {
      expect(isKioskError(e) && e.code).toBe('forms.holidays-unknown-year');
    }
  });
});

describe('search ignores diacritics and case', () => {
  const ids = (q: string) => searchProcedures(catalogue, q).map((h) => h.id);
  it('"khai sinh" finds birth registration and its group, exact name first', () => {
    expect(ids('khai sinh').slice(0, 2)).toEqual(['khai-sinh', 'lien-thong-khai-sinh']);
    expect(ids('Khai Sinh')).toEqual(ids('khai sinh'));
  });
  it('"dang ky" finds every "Đăng ký" procedure', () => {
    const found = ids('dang ky');
    for (const id of ['khai-sinh', 'khai-tu', 'dang-ky-thuong-tru', 'ho-kinh-doanh']) expect(found).toContain(id);
    expect(found).not.toContain('bhyt-tre-em-duoi-6');
  });
  it('accepts Vietnamese input in NFC or NFD, codes and keywords', () => {
    expect(ids('lý lịch tư pháp'.normalize('NFD'))[0]).toBe('ly-lich-tu-phap');
    expect(ids('1.001193')[0]).toBe('khai-sinh');
    expect(ids('BHYT')).toContain('bhyt-tre-em-duoi-6');
    expect(ids('zzz qqq')).toEqual([]);
    expect(ids('   ')).toEqual([]);
  });
});

describe('bad input', () => {
  it('unknown procedure and unknown field are KioskErrors', () => {
    expect(() => createDraft(catalogue, 'nope')).toThrowError(expect.objectContaining({ code: 'forms.unknown-procedure' }));
    expect(() => applyEdit(catalogue, createDraft(catalogue, 'khai-sinh'), 'child.shoeSize', 1)).toThrowError(expect.objectContaining({ code: 'forms.unknown-field' }));
  });
  it('fuzz: 2,000 random edits of random types never make validation throw', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pool: FieldValue[] = ['', 'x', '31/02/2020', '001190012345', 12, -1, 1.5, true, false, { communeCode: '99999' }, { provinceCode: '01' }, {}, 'Ấ'.repeat(500), '\u0000'];
    for (const id of ['lien-thong-khai-sinh', 'ly-lich-tu-phap']) {
      let d = complete(id);
      const paths = draftFields(resolveTarget(catalogue, id)!).map((f) => f.path);
      for (let i = 0; i < 1000; i++) {
        d = applyEdit(catalogue, d, paths[Math.floor(rand() * paths.length)]!, pool[Math.floor(rand() * pool.length)]!);
        const r = validateDraft(catalogue, d, opts);
        expect(Array.isArray(r.issues)).toBe(true);
      }
      expect(() => toUpstream(catalogue, d, adminUnits)).not.toThrow();
    }
  });
});
