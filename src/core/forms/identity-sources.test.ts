// Runs in: Node (vitest). CCCD front-QR text → identity, and a fuzz pass (KioskError or a result only).
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { KEYS_BY_SOURCE } from './identity';
import { identityFromCccdQr, identityFromDg13 } from './identity-sources';

const QR = '001190012345|012345678|Vũ Thị Ấu|15031990|Nữ|Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội|10082021';

describe('CCCD front QR', () => {
  it('decodes every field the QR carries, marked cccd-qr', () => {
    const id = identityFromCccdQr(QR);
    expect(id).toEqual({
      personalId: { value: '001190012345', source: 'cccd-qr' },
      oldIdNumber: { value: '012345678', source: 'cccd-qr' },
      fullName: { value: 'Vũ Thị Ấu', source: 'cccd-qr' },
      dateOfBirth: { value: '15/03/1990', source: 'cccd-qr' },
      sex: { value: 'female', source: 'cccd-qr' },
      permanentAddress: { value: 'Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội', source: 'cccd-qr' },
      issueDate: { value: '10/08/2021', source: 'cccd-qr' },
    });
    expect(Object.keys(id).sort()).toEqual([...KEYS_BY_SOURCE['cccd-qr']].sort());
  });
  it('accepts an empty old-ID field, extra trailing fields and NFD text', () => {
    const id = identityFromCccdQr(`079085001234||Trần Văn Bình|01021985|Nam|Hồ Chí Minh|01012022|extra`.normalize('NFD'));
    expect(id.oldIdNumber).toBeUndefined();
    expect(id.fullName?.value).toBe('Trần Văn Bình');
    expect(id.sex?.value).toBe('male');
  });
  it.each([
    ['too few fields', '001190012345|012345678'],
    ['bad ID', '00119001234|012345678|Vũ Thị Ấu|15031990|Nữ|x|10082021'],
    ['neither name nor date', '001190012345|012345678|1234|3102|Nữ|x|10082021'],
    ['a URL', 'https://example.com/?a=1|2|3|4|5|6|7'],
  ])('rejects %s with the shared parser’s KioskError', (_, text) => {
    expect(() => identityFromCccdQr(text)).toThrowError(expect.objectContaining({ code: 'qr.cccd-invalid' }));
  });
  it('leaves out a field it cannot read instead of guessing it, and keeps the rest', () => {
    const badDate = identityFromCccdQr('001190012345|012345678|Vũ Thị Ấu|31021990|Nữ|x|10082021');
    expect(badDate.dateOfBirth).toBeUndefined();
    expect(badDate.fullName?.value).toBe('Vũ Thị Ấu');
    const badSex = identityFromCccdQr('001190012345|012345678|Vũ Thị Ấu|15031990|X|x|10082021');
    expect(badSex.sex).toBeUndefined();
    expect(badSex.dateOfBirth?.value).toBe('15/03/1990');
    // A year-only birth date (day and month never recorded) cannot fill a dd/mm/yyyy field.
    expect(identityFromCccdQr('001190012345||Vũ Thị Ấu|00001990|Nữ|x|10082021').dateOfBirth).toBeUndefined();
    // The six-field variant (no old-ID slot) reads the same.
    expect(identityFromCccdQr('001190012345|Vũ Thị Ấu|15031990|Nữ|Hà Nội|10082021')).toMatchObject({ fullName: { value: 'Vũ Thị Ấu' }, issueDate: { value: '10/08/2021' } });
  });
  it('fuzz: 5,000 mutated and random strings give a result or a KioskError', () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 5000; i++) {
      let text: string;
      if (i % 2) {
        const chars = QR.split('');
        chars[Math.floor(rand() * chars.length)] = String.fromCharCode(Math.floor(rand() * 0x2000));
        text = chars.join('');
      } else text = Array.from({ length: Math.floor(rand() * 80) }, () => '0123456789|/abcNữm'[Math.floor(rand() * 18)]).join('');
      try {
        const id = identityFromCccdQr(text);
        expect(id.personalId?.value).toMatch(/^\d{12}$/u);
      } catch (e) {
        expect(isKioskError(e)).toBe(true);
      }
    }
  });
});

describe('chip DG13', () => {
  it('maps every DG13 field the forms use, keeping dd/mm/yyyy and dropping a non-date expiry', () => {
    const id = identityFromDg13({
      idNumber: '001190012345',
      fullName: 'Vũ Thị Ấu'.normalize('NFD'),
      dateOfBirth: '15/03/1990',
      sex: 'Nữ',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      religion: 'Không',
      placeOfOrigin: 'Hưng Yên',
      placeOfResidence: 'Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội',
      identifyingMarks: 'Nốt ruồi',
      dateOfIssue: '10/08/2021',
      dateOfExpiry: 'Không thời hạn',
      fatherName: 'Vũ Văn Lợi',
      motherName: 'Đỗ Thị Ẫn',
      oldIdNumber: '012345678',
      fields: {},
    });
    expect(id.fullName).toEqual({ value: 'Vũ Thị Ấu', source: 'chip-dg13' });
    expect(id.sex?.value).toBe('female');
    expect(id.permanentAddress?.value).toContain('Phúc Xá');
    expect(id.issueDate?.value).toBe('10/08/2021');
    expect(id.expiryDate).toBeUndefined();
    expect(id.spouseName).toBeUndefined();
    expect(Object.keys(id).length).toBe(14);
  });
  it('leaves out an unrecognised sex instead of guessing', () => {
    expect(identityFromDg13({ sex: 'X', fields: {} })).toEqual({});
  });
});
