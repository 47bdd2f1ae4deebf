// Runs in: Node (vitest). Every visible string of the renderer's screens — citizen, staff and
// technician — comes from resources/i18n: no Vietnamese prose is left hard-coded in renderer source
// (outside comments).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

// Every screen: citizens', staff's and technicians'. Only the component gallery (a developer's
// page), the i18n layer itself and lib/ (keyboard and date data) are left out.
describe('no hard-coded text', () => {
  const root = path.resolve(__dirname, '../../src/renderer');
  const skip = new Set(['gallery', 'i18n', 'lib']);
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return skip.has(name) ? [] : files(full);
      return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
    });
  }

  it('finds no Vietnamese prose outside comments in the screens and components', () => {
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
