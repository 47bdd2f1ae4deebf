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
  it('explains a group in one sentence naming every member, in both languages', () => {
    expect(groupExplanation([{ name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' } }, { name: { vi: 'Đăng ký thường trú', en: 'Permanent residence registration' } }])).toEqual({
      vi: 'Khai một lần, làm cùng lúc 2 việc: đăng ký khai sinh và đăng ký thường trú.',
      en: 'Fill in one form and get 2 things done at once: birth registration and permanent residence registration.',
    });
  });

  it('says a free procedure is free, and groups thousands the way each language does', () => {
    expect(feeText(0)).toEqual({ vi: 'Không mất lệ phí', en: 'No fee' });
    expect(feeText(200000)).toEqual({ vi: '200.000 đồng', en: 'VND 200,000' });
  });

  it('names the centre, the agency and the procedure in the consent; the English says the Vietnamese binds', () => {
    const t = consentText('Trung tâm X', { vi: 'Công an cấp xã', en: 'Commune police' }, { vi: 'Điều chỉnh thông tin về cư trú', en: 'Residence information change' });
    expect(t.vi).toMatch(/^Theo Nghị định 13\/2023\/NĐ-CP/);
    expect(t.vi).toContain('Trung tâm X và công an cấp xã');
    expect(t.vi).toContain('"Điều chỉnh thông tin về cư trú"');
    expect(t.vi).toContain('rút lại sự đồng ý');
    expect(t.en).toContain('Decree 13/2023/ND-CP');
    expect(t.en).toContain('the Commune police');
    expect(t.en).toContain('"Residence information change"');
    expect(t.en).toContain('withdraw my consent');
    expect(t.en).toMatch(/Vietnamese text is the one that is legally binding/);
    expect(t.en).not.toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu);
  });
});
