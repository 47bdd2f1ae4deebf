// Pure parts of the procedure journey: the chip identity as the forms engine sees it, the group
// sentence, the fee wording.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../shared/contract/identity';
import { feeText, groupExplanation, identityForForms, consentText } from './service';

const base: Identity = {
  source: 'chip',
  idNumber: '001195012345',
  fullName: 'Trần Thị Minh Thư'.normalize('NFD'),
  dateOfBirth: '14/03/1995',
  sex: 'Nữ',
  nationality: 'Việt Nam',
  placeOfResidence: '  Số nhà 18, Phường Văn Miếu, Thành phố Hà Nội ',
  dateOfIssue: '10/05/2021',
  dateOfExpiry: 'Không thời hạn',
  fatherName: 'Trần Văn Hùng',
  verification: { status: 'genuine', activeAuthentication: 'verified', reasons: [] },
};

describe('identityForForms', () => {
  it('maps the chip identity to DG13-style keys, NFC and trimmed, marked as chip data', () => {
    const f = identityForForms(base);
    expect(f.personalId).toEqual({ value: '001195012345', source: 'chip-dg13' });
    expect(f.fullName?.value).toBe('Trần Thị Minh Thư'.normalize('NFC'));
    expect(f.permanentAddress?.value).toBe('Số nhà 18, Phường Văn Miếu, Thành phố Hà Nội');
    expect(f.sex).toEqual({ value: 'female', source: 'chip-dg13' });
    expect(f.issueDate?.value).toBe('10/05/2021');
    expect(f.fatherName?.value).toBe('Trần Văn Hùng');
  });

  it('leaves out what it cannot trust rather than guessing', () => {
    const f = identityForForms({ ...base, sex: 'X', dateOfBirth: '1995' });
    expect(f.expiryDate).toBeUndefined(); // "Không thời hạn" is not a date
    expect(f.sex).toBeUndefined();
    expect(f.dateOfBirth).toBeUndefined();
    expect(f.motherName).toBeUndefined();
  });

  it('keeps where the identity came from', () => {
    expect(identityForForms({ ...base, source: 'qr' }).fullName?.source).toBe('cccd-qr');
    expect(identityForForms({ ...base, source: 'typed' }).fullName?.source).toBe('citizen');
    expect(identityForForms({ ...base, sex: 'Nam' }).sex?.value).toBe('male');
  });
});

describe('wording', () => {
  it('explains a group in one sentence naming every member', () => {
    expect(groupExplanation([{ name: { vi: 'Đăng ký khai sinh' } }, { name: { vi: 'Đăng ký thường trú' } }])).toBe(
      'Khai một lần, làm cùng lúc 2 việc: đăng ký khai sinh và đăng ký thường trú.',
    );
  });

  it('says a free procedure is free, and groups thousands the Vietnamese way', () => {
    expect(feeText(0)).toBe('Không mất lệ phí');
    expect(feeText(200000)).toBe('200.000 đồng');
  });

  it('names the centre, the agency and the procedure in the consent', () => {
    const t = consentText('Trung tâm X', 'công an cấp xã', 'Điều chỉnh thông tin về cư trú');
    expect(t).toMatch(/^Theo Nghị định 13\/2023\/NĐ-CP/);
    expect(t).toContain('Trung tâm X và công an cấp xã');
    expect(t).toContain('"Điều chỉnh thông tin về cư trú"');
    expect(t).toContain('rút lại sự đồng ý');
  });
});
