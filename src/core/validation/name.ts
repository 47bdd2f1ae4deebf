// Runs in: Node (engine) and the renderer alike: pure, no I/O.
// Personal names: letters of the Vietnamese alphabet (with every tone and vowel mark, and the
// Latin letters f j w z that ethnic-minority names use), words separated by single spaces, NFC.
import { issue, normaliseText, type ValidationIssue } from './issues';

const LOWER = 'a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
const WORD = new RegExp(`^[${LOWER}]+$`, 'u');

export function isVietnameseNameWord(word: string): boolean {
  return WORD.test(word.toLowerCase());
}

export function validatePersonName(path: string, raw: string): ValidationIssue[] {
  const value = normaliseText(raw);
  if (value.length < 2 || value.length > 100) {
    return [issue(path, 'name.length', 'Họ tên phải dài từ 2 đến 100 ký tự.', 'The name must be 2 to 100 characters long.')];
  }
  const words = value.split(' ');
  if (!words.every(isVietnameseNameWord)) {
    return [issue(path, 'name.characters', 'Họ tên chỉ gồm chữ cái tiếng Việt và dấu cách.', 'The name may contain only Vietnamese letters and spaces.')];
  }
  return [];
}

/** Names are printed in capitals on CCCD and TK1-TS; `toLocaleUpperCase('vi')` keeps the marks. */
export function upperName(value: string): string {
  return normaliseText(value).toLocaleUpperCase('vi');
}
