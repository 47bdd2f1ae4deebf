// Runs in: Node (engine). Reads the vendored datasets once per process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskError } from '../../shared/errors';
import { AdminUnits, type FormerNamesData, type LegacyUnitsData, type OldToNewData, type Units2025Data } from './admin-units';

export const DEFAULT_ADMIN_UNITS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/admin-units');

const cache = new Map<string, AdminUnits>();

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (cause) {
    throw new KioskError({
      code: 'forms.admin-units-unreadable',
      technicianMessage: `administrative-unit dataset ${path.basename(file)} is missing or not JSON`,
      citizenMessage: 'Máy chưa có danh mục địa giới hành chính. Xin nhờ cán bộ hỗ trợ.',
      cause,
    });
  }
}

export function loadAdminUnits(dir: string = DEFAULT_ADMIN_UNITS_DIR): AdminUnits {
  const hit = cache.get(dir);
  if (hit) return hit;
  const units = new AdminUnits(
    readJson<Units2025Data>(path.join(dir, 'units-2025.json')),
    readJson<LegacyUnitsData>(path.join(dir, 'units-legacy-3-level.json')),
    readJson<OldToNewData>(path.join(dir, 'old-to-new-2025.json')),
    readJson<FormerNamesData>(path.join(dir, 'legacy-former-names.json')),
  );
  cache.set(dir, units);
  return units;
}
