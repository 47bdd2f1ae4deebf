// Runs in: Node (engine). Where Tesseract's language models come from. Never the network:
// tesseract.js would otherwise fetch them from jsDelivr. Packaged builds carry a copy in
// resources/ocr/tessdata (see resources/ocr/README.md); development machines use Debian's.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskError } from '../../shared/errors';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const TESSDATA_CANDIDATES = [
  path.join(repoRoot, 'resources/ocr/tessdata'),
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
];

/**
 * The first folder holding `<lang>.traineddata` (uncompressed) for every language: an explicit
 * folder, then $KIOSK_TESSDATA_DIR, then the bundled copy, then Debian's tesseract-ocr-* packages.
 */
export function resolveTessdataDir(langs: readonly string[], explicit?: string): string {
  const candidates = [explicit, process.env.KIOSK_TESSDATA_DIR, ...TESSDATA_CANDIDATES].filter((d): d is string => !!d);
  for (const dir of candidates) {
    if (langs.every((l) => existsSync(path.join(dir, `${l}.traineddata`)))) return dir;
  }
  throw new KioskError({
    code: 'ocr.model-missing',
    technicianMessage: `no folder holds ${langs.map((l) => `${l}.traineddata`).join(' + ')}; looked in ${candidates.join(', ')}. Install tesseract-ocr-${langs.join(' tesseract-ocr-')} or run resources/ocr/copy-traineddata.sh`,
    citizenMessage: 'Chức năng đọc chữ tạm thời không dùng được. Xin vui lòng nhập thông tin.',
  });
}
