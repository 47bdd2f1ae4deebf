// Runs in: Node (engine) and the renderer alike: pure, no I/O.
// The 12-digit personal identification number (số định danh cá nhân, Decree 137/2015/NĐ-CP and
// Circular 07/2016/TT-BCA): 3 digits province of birth registration, 1 digit century + sex,
// 2 digits year of birth, 6 random digits. There is no check digit, so consistency with the date
// of birth and sex is the only integrity test available — and a mismatch is flagged for staff,
// never silently accepted.
import { type CivilDate } from './date';
import { issue, type ValidationIssue } from './issues';

/**
 * Province codes of birth registration (Circular 07/2016/TT-BCA, Annex): the 63 pre-2025
 * provinces. The 2025 mergers kept one of the old codes for each new province, so every code a
 * person can hold is in this list.
 */
export const ID_PROVINCE_CODES: ReadonlyMap<string, string> = new Map(
  (
    '001 Hà Nội|002 Hà Giang|004 Cao Bằng|006 Bắc Kạn|008 Tuyên Quang|010 Lào Cai|011 Điện Biên|012 Lai Châu|014 Sơn La|' +
    '015 Yên Bái|017 Hòa Bình|019 Thái Nguyên|020 Lạng Sơn|022 Quảng Ninh|024 Bắc Giang|025 Phú Thọ|026 Vĩnh Phúc|027 Bắc Ninh|' +
    '030 Hải Dương|031 Hải Phòng|033 Hưng Yên|034 Thái Bình|035 Hà Nam|036 Nam Định|037 Ninh Bình|038 Thanh Hóa|040 Nghệ An|' +
    '042 Hà Tĩnh|044 Quảng Bình|045 Quảng Trị|046 Thừa Thiên Huế|048 Đà Nẵng|049 Quảng Nam|051 Quảng Ngãi|052 Bình Định|' +
    '054 Phú Yên|056 Khánh Hòa|058 Ninh Thuận|060 Bình Thuận|062 Kon Tum|064 Gia Lai|066 Đắk Lắk|067 Đắk Nông|068 Lâm Đồng|' +
    '070 Bình Phước|072 Tây Ninh|074 Bình Dương|075 Đồng Nai|077 Bà Rịa - Vũng Tàu|079 Hồ Chí Minh|080 Long An|082 Tiền Giang|' +
    '083 Bến Tre|084 Trà Vinh|086 Vĩnh Long|087 Đồng Tháp|089 An Giang|091 Kiên Giang|092 Cần Thơ|093 Hậu Giang|094 Sóc Trăng|' +
    '095 Bạc Liêu|096 Cà Mau'
  )
    .split('|')
    .map((entry) => [entry.slice(0, 3), entry.slice(4)] as const),
);

export type Sex = 'male' | 'female';

export interface DecodedPersonalId {
  provinceCode: string;
  provinceName: string;
  sex: Sex;
  /** First year of the century the digit encodes: 1900, 2000, … 2300. */
  century: number;
  /** Full year of birth the ID encodes. */
  birthYear: number;
}

/** Decodes the structure; null if it is not 12 digits with a known province code. */
export function decodePersonalId(id: string): DecodedPersonalId | null {
  if (!/^\d{12}$/u.test(id)) return null;
  const provinceCode = id.slice(0, 3);
  const provinceName = ID_PROVINCE_CODES.get(provinceCode);
  if (!provinceName) return null;
  const g = Number(id[3]);
  const century = 1900 + Math.floor(g / 2) * 100;
  return { provinceCode, provinceName, sex: g % 2 === 0 ? 'male' : 'female', century, birthYear: century + Number(id.slice(4, 6)) };
}

/** The century/sex digit the law assigns to a birth year and sex. */
export function centurySexDigit(birthYear: number, sex: Sex): number {
  return Math.floor((birthYear - 1900) / 100) * 2 + (sex === 'female' ? 1 : 0);
}

export interface PersonalIdContext {
  dateOfBirth?: CivilDate | null;
  sex?: Sex | null;
}

export function validatePersonalId(path: string, raw: string, ctx: PersonalIdContext = {}): ValidationIssue[] {
  const id = raw.trim();
  if (!/^\d{12}$/u.test(id)) {
    return [issue(path, 'personal-id.format', 'Số định danh cá nhân phải gồm đúng 12 chữ số.', 'The personal ID number must be exactly 12 digits.')];
  }
  const decoded = decodePersonalId(id);
  if (!decoded) {
    return [
      issue(
        path,
        'personal-id.province',
        `Ba số đầu (${id.slice(0, 3)}) không phải mã tỉnh nơi đăng ký khai sinh hợp lệ.`,
        `The first three digits (${id.slice(0, 3)}) are not a valid code for the province where the birth was registered.`,
      ),
    ];
  }
  const out: ValidationIssue[] = [];
  const dob = ctx.dateOfBirth;
  if (dob) {
    if (dob.year !== decoded.birthYear) {
      out.push(
        issue(
          path,
          'personal-id.birth-year-mismatch',
          'Số định danh không khớp với năm sinh; cán bộ sẽ kiểm tra lại.',
          `The ID number does not match the year of birth (${decoded.birthYear} in the number, ${dob.year} given); staff will check it.`,
          'flag',
        ),
      );
    }
  }
  if (ctx.sex && ctx.sex !== decoded.sex) {
    out.push(
      issue(
        path,
        'personal-id.sex-mismatch',
        'Số định danh không khớp với giới tính; cán bộ sẽ kiểm tra lại.',
        `The ID number belongs to a ${decoded.sex} person, but the sex given is ${ctx.sex}; staff will check it.`,
        'flag',
      ),
    );
  }
  return out;
}

/** The 9-digit identity card number (CMND) that some chips still carry as "old ID". */
export function isOldIdCardNumber(raw: string): boolean {
  return /^\d{9}$/u.test(raw.trim());
}
