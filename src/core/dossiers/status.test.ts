// Runs in: Node (vitest). The progress screen shows a dossier's status and procedure in the
// citizen's language: every status has English words, and a stored dossier's Vietnamese procedure
// name finds its English one in the catalogue.
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../forms';
import { procedureNames } from './procedure-names';
import { DOSSIER_STATUS, dossierStatusText, isDossierStatus } from './status';

// Vietnamese letters that English never uses (as in src/renderer/i18n/messages.test.ts).
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

describe('dossier status texts', () => {
  it('every status code 1–10 has its official Vietnamese and a different, plain English text', () => {
    const codes = Object.keys(DOSSIER_STATUS).map(Number);
    expect(codes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const english = new Set<string>();
    for (const code of codes) {
      if (!isDossierStatus(code)) throw new Error(`${code} is not a status`);
      const text = dossierStatusText(code);
      expect(text.vi, `status ${code}`).toBe(DOSSIER_STATUS[code]);
      expect(text.en.trim(), `status ${code}`).not.toBe('');
      expect(text.en, `status ${code}`).not.toMatch(VIETNAMESE);
      english.add(text.en);
    }
    // Ten statuses, ten different English names: none was copied over another.
    expect(english.size).toBe(10);
    expect(dossierStatusText(9)).toEqual({ vi: 'Đã xử lý xong', en: 'Processing complete' });
  });
});

describe('procedure names of stored dossiers', () => {
  const catalogue = loadCatalogue();
  const names = procedureNames(() => catalogue, { 'khai-tu': '2.000986.H22' });

  it('finds the English name by the stored Vietnamese name', () => {
    expect(names('1.004222', 'Đăng ký thường trú')).toEqual({ vi: 'Đăng ký thường trú', en: 'Permanent residence registration' });
    // A group (3-in-1) as well as a single procedure.
    const group = catalogue.groups.get('lien-thong-khai-sinh')!;
    expect(names('3.000722', group.name.vi)).toEqual({ vi: group.name.vi, en: group.name.en });
  });

  it('else by the procedure code the dossier was filed under, keeping the stored Vietnamese', () => {
    expect(names('1.001193', 'Đăng ký khai sinh (tên cũ)')).toEqual({ vi: 'Đăng ký khai sinh (tên cũ)', en: 'Birth registration' });
    const death = catalogue.procedures.get('khai-tu')!;
    expect(names('2.000986.H22', 'Khai tử')).toEqual({ vi: 'Khai tử', en: death.name.en });
  });

  it('a procedure the catalogue does not know is shown as stored, in both languages', () => {
    expect(names('9.999999', 'Thủ tục đã bỏ')).toEqual({ vi: 'Thủ tục đã bỏ', en: 'Thủ tục đã bỏ' });
    const none = procedureNames(() => {
      throw new Error('forms/ unreadable');
    });
    expect(none('1.004222', 'Đăng ký thường trú')).toEqual({ vi: 'Đăng ký thường trú', en: 'Đăng ký thường trú' });
  });
});
