// Runs in: Node (vitest). Every visible string of the citizen's screens comes from
// resources/i18n: no Vietnamese prose is left hard-coded in renderer source (outside comments).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

// The citizen's screens: every visible string must come from resources/i18n. Staff and technician
// modes (staff/, technician/) and the component gallery are for the centre's people, not citizens.
describe('no hard-coded citizen text', () => {
  const root = path.resolve(__dirname, '../../src/renderer');
  const skip = new Set(['staff', 'technician', 'gallery', 'i18n', 'lib']);
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return skip.has(name) ? [] : files(full);
      return /\.tsx$/.test(name) && !/\.test\.tsx$/.test(name) ? [full] : [];
    });
  }

  it('finds no Vietnamese prose outside comments in the citizen screens and components', () => {
    const offenders: string[] = [];
    for (const file of files(root)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/\{\/\*.*?\*\/\}/g, '').replace(/\/\*\*?.*?\*\//g, '');
        if (/^\s*\*/.test(line)) return; // inside a block comment
        // Prose = Vietnamese letters in a word next to another word; single letters (Telex: â, ă) are data.
        if (VIETNAMESE.test(code) && /[\p{L}]+\s+[\p{L}]*[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu.test(code)) offenders.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
