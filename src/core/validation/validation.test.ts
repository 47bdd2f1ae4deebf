// Runs in: Node (vitest). Vietnamese validators against constructed valid and invalid inputs, and
// a fuzz pass proving they return results for any input instead of throwing.
import { describe, expect, it } from 'vitest';
import { loadAdminUnits } from './load-admin-units';
import { ageInYears, parseDateVN, validateDateVN } from './date';
import { foldVietnamese } from './issues';
import { upperName, validatePersonName } from './name';
import { centurySexDigit, decodePersonalId, ID_PROVINCE_CODES, validatePersonalId } from './personal-id';
import { classifyPhone, validatePhone } from './phone';

const today = { year: 2026, month: 11, day: 23 };

/** Builds an ID by the Circular 07/2016 rules: province + century/sex + yy + 6 random digits. */
function buildId(province: string, year: number, sex: 'male' | 'female', serial = '123456'): string {
  return `${province}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${serial}`;
}

describe('personal ID (12 digits)', () => {
  it('has exactly the 63 province-of-birth codes, all within 001–096', () => {
    expect(ID_PROVINCE_CODES.size).toBe(63);
    for (const code of ID_PROVINCE_CODES.keys()) {
      expect(Number(code)).toBeGreaterThanOrEqual(1);
      expect(Number(code)).toBeLessThanOrEqual(96);
    }
    expect(ID_PROVINCE_CODES.has('003')).toBe(false);
    expect(ID_PROVINCE_CODES.get('079')).toBe('Hồ Chí Minh');
  });

  it.each([
    ['001', 1990, 'female', '1'],
    ['079', 1985, 'male', '0'],
    ['038', 2005, 'male', '2'],
    ['096', 2012, 'female', '3'],
    ['001', 2101, 'female', '5'],
  ] as const)('accepts a consistent ID: province %s, born %i, %s → digit %s', (prov, year, sex, digit) => {
    const id = buildId(prov, year, sex);
    expect(id[3]).toBe(digit);
    expect(validatePersonalId('p', id, { dateOfBirth: { year, month: 6, day: 1 }, sex })).toEqual([]);
    expect(decodePersonalId(id)).toMatchObject({ provinceCode: prov, birthYear: year, sex });
  });

  it.each(['00119001234', '0011900123456', '00119001234a', ' ', '', '001 190 012 345'])('rejects malformed %j', (id) => {
    expect(validatePersonalId('a.b', id).map((i) => i.code)).toEqual(['personal-id.format']);
  });

  it.each(['000190012345', '003190012345', '097190012345', '999190012345'])('rejects unknown province code in %s', (id) => {
    const [issue] = validatePersonalId('a.b', id);
    expect(issue?.code).toBe('personal-id.province');
    expect(issue?.path).toBe('a.b');
    expect(issue?.vi).toContain(id.slice(0, 3));
  });

  it('flags (not silently accepts) a century/sex digit that contradicts the date of birth or sex', () => {
    const female1990 = buildId('001', 1990, 'female');
    const wrongYear = validatePersonalId('r.id', female1990, { dateOfBirth: { year: 1991, month: 1, day: 1 } });
    expect(wrongYear.map((i) => [i.code, i.severity])).toEqual([['personal-id.birth-year-mismatch', 'flag']]);
    const wrongCentury = validatePersonalId('r.id', female1990, { dateOfBirth: { year: 2090, month: 1, day: 1 } });
    expect(wrongCentury[0]?.code).toBe('personal-id.birth-year-mismatch');
    const wrongSex = validatePersonalId('r.id', female1990, { sex: 'male', dateOfBirth: { year: 1990, month: 3, day: 15 } });
    expect(wrongSex.map((i) => i.code)).toEqual(['personal-id.sex-mismatch']);
    expect(wrongSex[0]?.en).toContain('female');
  });
});

describe('dates dd/mm/yyyy', () => {
  it('parses real dates and rejects impossible ones', () => {
    expect(parseDateVN('29/02/2024')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseDateVN('5/9/2024')).toEqual({ year: 2024, month: 9, day: 5 });
    for (const bad of ['29/02/2025', '31/04/2026', '00/01/2020', '12/13/2020', '2020-01-01', '1/1/20', '']) expect(parseDateVN(bad)).toBeNull();
  });
  it('computes completed years, counting the birthday itself', () => {
    expect(ageInYears({ year: 2020, month: 11, day: 23 }, today)).toBe(6);
    expect(ageInYears({ year: 2020, month: 11, day: 24 }, today)).toBe(5);
  });
  it('rejects the future and enforces "child under 6"', () => {
    expect(validateDateVN('c.d', '24/11/2026', { notFuture: true }, today).map((i) => i.code)).toEqual(['date.future']);
    expect(validateDateVN('c.d', '23/11/2026', { notFuture: true }, today)).toEqual([]);
    expect(validateDateVN('c.d', '24/11/2020', { ageUnder: 6 }, today)).toEqual([]);
    expect(validateDateVN('c.d', '23/11/2020', { ageUnder: 6 }, today).map((i) => i.code)).toEqual(['date.age-too-high']);
    expect(validateDateVN('c.d', '24/11/2012', { ageAtLeast: 14 }, today).map((i) => i.code)).toEqual(['date.age-too-low']);
    expect(validateDateVN('c.d', '31/02/2020', {}, today)[0]).toMatchObject({ path: 'c.d', code: 'date.format' });
  });
});

describe('phone numbers', () => {
  it.each([
    ['0912345678', 'mobile'],
    ['0912 345 678', 'mobile'],
    ['+84 912 345 678', 'mobile'],
    ['84912345678', 'mobile'],
    ['0326.123.456', 'mobile'],
    ['024 3825 1234', 'landline'],
    ['028-3829-5555', 'landline'],
    ['02363 822 222', 'landline'],
  ])('%s is a %s', (n, kind) => expect(classifyPhone(n)).toBe(kind));
  it.each(['0112345678', '091234567', '09123456789', '0212345678', '02013456789', '0912abc678', '', '+1 212 555 0100'])('%j is not a Vietnamese number', (n) => {
    expect(classifyPhone(n)).toBeNull();
    expect(validatePhone('r.phone', n)[0]).toMatchObject({ path: 'r.phone', code: 'phone.invalid' });
  });
  it('refuses a landline where a mobile is required', () => {
    expect(validatePhone('p', '024 3825 1234', 'mobile')[0]?.code).toBe('phone.not-mobile');
  });
});

describe('names', () => {
  it.each(['Nguyễn Văn An', 'ĐẶNG THỊ ẤU', 'Lê Ựng', 'Hoàng Ngọc Ẫn', 'Y Ngông Niê Kdăm', 'Trần  Văn   Bé'])('accepts %j', (n) => {
    expect(validatePersonName('p', n)).toEqual([]);
  });
  it('accepts decomposed (NFD) input by normalising it', () => {
    expect(validatePersonName('p', 'Nguyễn Thị Ấu'.normalize('NFD'))).toEqual([]);
  });
  it.each(['Nguyen2', 'Anh@', 'A', 'Trần-Văn', 'Иван', 'x'.repeat(101)])('rejects %j', (n) => {
    expect(validatePersonName('p', n)).toHaveLength(1);
  });
  it('upper-cases with marks intact', () => expect(upperName('lê đức lợi')).toBe('LÊ ĐỨC LỢI'));
});

describe('administrative units (2025) and chip addresses', () => {
  const units = loadAdminUnits();
  it('ships 34 provinces and 3,321 communes', () => {
    expect(units.provinceCount).toBe(34);
    expect(units.communeCount).toBe(3321);
    expect(units.province('79')?.name).toBe('Thành phố Hồ Chí Minh');
  });
  it('validates codes and their consistency', () => {
    expect(units.validate('a', { provinceCode: '01', communeCode: '00004' })).toEqual([]);
    expect(units.validate('a', { provinceCode: '99', communeCode: '00004' })[0]?.path).toBe('a.provinceCode');
    expect(units.validate('a', { provinceCode: '79', communeCode: '00004' })[0]?.code).toBe('address.commune-province');
    expect(units.validate('a', { provinceCode: '01', communeCode: '00001' })[0]?.code).toBe('address.commune');
  });
  it('parses an old three-level chip address and maps the old commune to the new one', () => {
    const p = units.parseAddress('Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội');
    expect(p).toMatchObject({ system: 'legacy', detail: 'Số 5', provinceCode: '01', legacy: { provinceCode: '01', districtCode: '001', communeCode: '00001' } });
    expect(p.communeCandidates).toEqual(['00097']);
    expect(units.commune('00097')?.name).toBe('Phường Hồng Hà');
  });
  it('parses prefix-less and folded text, and the new two-level form', () => {
    const p = units.parseAddress('Thon Dong, xa Tan Lap, huyen Dan Phuong, Ha Noi');
    expect(p.legacy?.districtCode).toBe('273');
    expect(p.communeCandidates).toHaveLength(1);
    const n = units.parseAddress('12 Lý Thường Kiệt, Phường Ba Đình, Thành phố Hà Nội');
    expect(n).toMatchObject({ system: '2025', provinceCode: '01', communeCandidates: ['00004'], detail: '12 Lý Thường Kiệt' });
  });
  it('says so when it cannot parse', () => {
    expect(units.parseAddress('somewhere over the rainbow')).toMatchObject({ system: 'none', communeCandidates: [] });
    expect(units.parseAddress('')).toMatchObject({ system: 'none' });
  });
});

describe('Văn Miếu: a chip address written before the 2024 ward merger', () => {
  // Source of the codes: resources/admin-units/legacy-former-names.json (evidence recorded there).
  const units = loadAdminUnits();
  const sampleChip = 'Số nhà 18, Ngách 45/12, Ngõ 45 Phố Nguyễn Khuyến, Tổ dân phố số 7, Phường Văn Miếu, Quận Đống Đa, Thành phố Hà Nội';

  it('maps "Phường Văn Miếu, Quận Đống Đa" to new 00226 Văn Miếu - Quốc Tử Giám, not 00235 Phường Đống Đa', () => {
    const p = units.parseAddress(sampleChip);
    expect(p.communeCandidates).toEqual(['00226']);
    expect(units.commune('00226')?.name).toBe('Phường Văn Miếu - Quốc Tử Giám');
    expect(units.commune('00235')?.name).toBe('Phường Đống Đa');
    expect(p).toMatchObject({ system: 'legacy', legacy: { provinceCode: '01', districtCode: '006', communeCode: '00181' }, detail: 'Số nhà 18, Ngách 45/12, Ngõ 45 Phố Nguyễn Khuyến, Tổ dân phố số 7' });
  });

  it('the other former ward and the merged name land in the same new ward', () => {
    for (const a of ['Phường Quốc Tử Giám, Quận Đống Đa, Thành phố Hà Nội', 'Phường Văn Miếu - Quốc Tử Giám, Quận Đống Đa, Thành phố Hà Nội', 'phuong van mieu, quan dong da, ha noi']) {
      expect(units.parseAddress(a).communeCandidates, a).toEqual(['00226']);
    }
  });

  it('a former ward name with the district left out still resolves, when unique in the province', () => {
    expect(units.parseAddress('Số nhà 18, Phường Văn Miếu, Thành phố Hà Nội')).toMatchObject({ provinceCode: '01', communeCandidates: ['00226'], detail: 'Số nhà 18' });
    // "Phường 1" exists in many old districts of Hồ Chí Minh City: no guess.
    expect(units.parseAddress('Số 3, Phường 1, Thành phố Hồ Chí Minh').communeCandidates).toEqual([]);
  });

  it('a district part is never read as the new ward that took its name', () => {
    const p = units.parseAddress('Số 1, Phường Không Có Thật, Quận Đống Đa, Thành phố Hà Nội');
    expect(p.communeCandidates).toEqual([]);
    expect(p.legacy).toMatchObject({ districtCode: '006' });
    expect(units.parseAddress('Số 1, Quận Đống Đa, Thành phố Hà Nội').communeCandidates).toEqual([]);
    expect(units.parseAddress('Số 1, Q. Đống Đa, Hà Nội').communeCandidates).toEqual([]);
    expect(units.parseAddress('P. Văn Miếu-Quốc Tử Giám, TP Hà Nội').communeCandidates).toEqual(['00226']);
    // The real 2025 ward of that name still parses.
    expect(units.parseAddress('Số 1, Phường Đống Đa, Thành phố Hà Nội')).toMatchObject({ system: '2025', communeCandidates: ['00235'] });
  });
});

describe('folding for search', () => {
  it('drops diacritics and maps đ', () => expect(foldVietnamese('Đăng ký KHAI SINH, Ấp Ựa')).toBe('dang ky khai sinh ap ua'));
});

describe('fuzz: validators never throw', () => {
  let seed = 0x5eed;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const alphabet = '0123456789/+-. ,abcĐđẤẫẬợỰươ\u0300\u0301\n\t\u0000😀';
  const randomString = () => Array.from({ length: Math.floor(rand() * 24) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
  const units = loadAdminUnits();
  it('returns arrays of issues for 3,000 random strings per validator', () => {
    for (let i = 0; i < 3000; i++) {
      const s = randomString();
      expect(Array.isArray(validatePersonalId('p', s, { dateOfBirth: parseDateVN(s), sex: i % 2 ? 'male' : 'female' }))).toBe(true);
      expect(Array.isArray(validateDateVN('p', s, { notFuture: true, ageUnder: 6 }, today))).toBe(true);
      expect(Array.isArray(validatePhone('p', s))).toBe(true);
      expect(Array.isArray(validatePersonName('p', s))).toBe(true);
      expect(Array.isArray(units.parseAddress(s).communeCandidates)).toBe(true);
      expect(Array.isArray(units.validate('p', { provinceCode: s, communeCode: s }))).toBe(true);
    }
  });
  it('mutated valid IDs are either valid by construction or rejected, never thrown', () => {
    for (let i = 0; i < 2000; i++) {
      const chars = '001190012345'.split('');
      const at = Math.floor(rand() * chars.length);
      chars[at] = String(Math.floor(rand() * 10));
      const id = chars.join('');
      const found = validatePersonalId('p', id, { dateOfBirth: { year: 1990, month: 3, day: 15 }, sex: 'female' });
      const decoded = decodePersonalId(id);
      if (decoded && decoded.birthYear === 1990 && decoded.sex === 'female') expect(found).toEqual([]);
      else expect(found.length).toBeGreaterThan(0);
    }
  });
});
