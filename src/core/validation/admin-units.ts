// Runs in: Node (engine) and the renderer alike: pure (the data is passed in; see load-admin-units).
// Addresses are validated by administrative-unit code after the 2025 reform (34 provinces, two
// levels). Chip addresses are old-style free text ("Thôn X, Xã Y, Huyện Z, Tỉnh W"), so this also
// resolves them against the old three-level table and maps the old commune to the new one(s).
import { foldVietnamese, issue, type ValidationIssue } from './issues';

export interface Units2025Data {
  dataset: string;
  source: { npm: string; version: string; license: string };
  provinces: [code: string, name: string][];
  communes: [code: string, name: string, provinceCode: string][];
}
export interface LegacyUnitsData {
  dataset: string;
  source: { npm: string; version: string; license: string };
  provinces: [code: string, name: string][];
  districts: [code: string, name: string, provinceCode: string][];
  communes: [code: string, name: string, districtCode: string][];
}
export interface OldToNewData {
  dataset: string;
  mappings: [oldCommuneCode: string, newCommuneCode: string][];
}
/** Former names of legacy communes (before a 2019-2024 merger): chip addresses written earlier still use them. */
export interface FormerNamesData {
  dataset: string;
  formerNames: [legacyCommuneCode: string, formerName: string][];
}

export interface Unit {
  code: string;
  name: string;
}
export interface Commune2025 extends Unit {
  provinceCode: string;
}

export interface ParsedAddress {
  /** The part before the recognised units (house number, hamlet, street), NFC as given. */
  detail: string;
  /** Which system the text was recognised in. */
  system: 'legacy' | '2025' | 'none';
  legacy?: { provinceCode: string; districtCode?: string; communeCode?: string };
  /** New (post-2025) province; set whenever the province is known. */
  provinceCode?: string;
  /** New commune codes: exactly one when the mapping is unambiguous, several when the old commune was split. */
  communeCandidates: string[];
}

// Unit-type words that may precede a name, longest first so "thành phố" wins over "phố".
const PREFIXES = ['thanh pho', 'thi tran', 'thi xa', 'dac khu', 'tinh', 'huyen', 'quan', 'phuong', 'xa', 'tp', 'tx', 'tt', 'q', 'h', 'p'];

/** Folded name without its unit-type word: "Thành phố Hà Nội" → "ha noi", "Phường 12" → "12". */
export function bareName(name: string): string {
  let folded = foldVietnamese(name);
  for (const p of PREFIXES) {
    if (folded.startsWith(`${p} `)) {
      folded = folded.slice(p.length + 1);
      break;
    }
  }
  // "Phường 05" and "Phường 5" are the same unit.
  return /^\d+$/u.test(folded) ? String(Number(folded)) : folded;
}

const DISTRICT_WORDS = ['quan', 'huyen', 'thi xa', 'thanh pho', 'tp', 'tx', 'q', 'h'];
/**
 * True when the text names a district-level unit ("Quận Đống Đa"). Districts no longer exist after
 * 2025, so such a part is never a 2025 commune, even when a new ward took the district's name
 * ("Quận Đống Đa" is not "Phường Đống Đa").
 */
function saysDistrict(text: string): boolean {
  const folded = foldVietnamese(text);
  return DISTRICT_WORDS.some((w) => folded.startsWith(`${w} `));
}

const COMMUNE_WORDS = ['xa', 'phuong', 'thi tran', 'dac khu'];
/** True when the text names its own level as commune ("Phường Ba Đình"), so it is not a district. */
function saysCommune(text: string): boolean {
  const folded = foldVietnamese(text);
  return COMMUNE_WORDS.some((w) => folded.startsWith(`${w} `));
}

function index<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

export class AdminUnits {
  readonly version: string;
  private readonly provinces = new Map<string, Unit>();
  private readonly communes = new Map<string, Commune2025>();
  private readonly communesByProvince = new Map<string, Commune2025[]>();
  private readonly provinceByBare: Map<string, Unit[]>;
  private readonly legacyProvinceByBare: Map<string, Unit[]>;
  private readonly legacyDistricts: Map<string, { code: string; name: string; provinceCode: string }[]>;
  private readonly legacyCommunes: Map<string, { code: string; name: string; districtCode: string }[]>;
  /** Legacy communes by `provinceCode|bare name`, former names included: for two-level text naming an old commune. */
  private readonly legacyCommunesByProvince: Map<string, { code: string; name: string; districtCode: string }[]>;
  private readonly legacyProvinceToNew = new Map<string, string>();
  private readonly oldToNew = new Map<string, string[]>();

  constructor(units: Units2025Data, legacy: LegacyUnitsData, mapping: OldToNewData, former?: FormerNamesData) {
    this.version = `${units.dataset}@${units.source.npm}-${units.source.version}`;
    for (const [code, name] of units.provinces) this.provinces.set(code, { code, name });
    for (const [code, name, provinceCode] of units.communes) {
      const c = { code, name, provinceCode };
      this.communes.set(code, c);
      const list = this.communesByProvince.get(provinceCode);
      if (list) list.push(c);
      else this.communesByProvince.set(provinceCode, [c]);
    }
    this.provinceByBare = index([...this.provinces.values()], (p) => bareName(p.name));
    this.legacyProvinceByBare = index(legacy.provinces.map(([code, name]) => ({ code, name })), (p) => bareName(p.name));
    const districts = legacy.districts.map(([code, name, provinceCode]) => ({ code, name, provinceCode }));
    this.legacyDistricts = index(districts, (d) => `${d.provinceCode}|${bareName(d.name)}`);
    const communes = legacy.communes.map(([code, name, districtCode]) => ({ code, name, districtCode }));
    // A former name is one more way to write the same legacy commune (same code, same district).
    const byCode = new Map(communes.map((c) => [c.code, c]));
    const named = [...communes, ...(former?.formerNames ?? []).flatMap(([code, name]) => (byCode.has(code) ? [{ ...byCode.get(code)!, name }] : []))];
    this.legacyCommunes = index(named, (c) => `${c.districtCode}|${bareName(c.name)}`);
    const provinceOfDistrict = new Map(districts.map((d) => [d.code, d.provinceCode]));
    this.legacyCommunesByProvince = index(named, (c) => `${provinceOfDistrict.get(c.districtCode) ?? ''}|${bareName(c.name)}`);
    for (const [oldCode, newCode] of mapping.mappings) {
      const list = this.oldToNew.get(oldCode);
      if (list) {
        if (!list.includes(newCode)) list.push(newCode);
      } else this.oldToNew.set(oldCode, [newCode]);
    }
    // An old province maps to the new province its communes went to (the most frequent one).
    const districtProvince = new Map(districts.map((d) => [d.code, d.provinceCode]));
    const votes = new Map<string, Map<string, number>>();
    for (const c of communes) {
      const oldProv = districtProvince.get(c.districtCode);
      const newCode = this.oldToNew.get(c.code)?.[0];
      const newProv = newCode ? this.communes.get(newCode)?.provinceCode : undefined;
      if (!oldProv || !newProv) continue;
      const v = votes.get(oldProv) ?? new Map<string, number>();
      v.set(newProv, (v.get(newProv) ?? 0) + 1);
      votes.set(oldProv, v);
    }
    for (const [oldProv, v] of votes) {
      const best = [...v.entries()].sort((a, b) => b[1] - a[1])[0];
      if (best) this.legacyProvinceToNew.set(oldProv, best[0]);
    }
  }

  get provinceCount(): number {
    return this.provinces.size;
  }
  get communeCount(): number {
    return this.communes.size;
  }
  listProvinces(): Unit[] {
    return [...this.provinces.values()];
  }
  listCommunes(provinceCode: string): Commune2025[] {
    return this.communesByProvince.get(provinceCode) ?? [];
  }
  province(code: string): Unit | undefined {
    return this.provinces.get(code);
  }
  commune(code: string): Commune2025 | undefined {
    return this.communes.get(code);
  }
  /** New commune codes an old (pre-2025) commune code became. */
  newCommunesForOld(oldCommuneCode: string): string[] {
    return this.oldToNew.get(oldCommuneCode) ?? [];
  }

  /** Full printable name: "Phường Ba Đình, Thành phố Hà Nội". */
  formatAddress(communeCode: string, detail = ''): string | null {
    const c = this.communes.get(communeCode);
    if (!c) return null;
    const p = this.provinces.get(c.provinceCode);
    return [detail.trim(), c.name, p?.name].filter((s) => s).join(', ');
  }

  validate(path: string, value: { provinceCode?: unknown; communeCode?: unknown }): ValidationIssue[] {
    const { provinceCode, communeCode } = value;
    if (typeof provinceCode !== 'string' || !this.provinces.has(provinceCode)) {
      return [issue(`${path}.provinceCode`, 'address.province', 'Tỉnh/thành phố không có trong danh mục sau sắp xếp năm 2025.', 'This province is not in the list after the 2025 reorganisation.')];
    }
    if (typeof communeCode !== 'string' || !this.communes.has(communeCode)) {
      return [issue(`${path}.communeCode`, 'address.commune', 'Xã/phường không có trong danh mục sau sắp xếp năm 2025.', 'This commune or ward is not in the list after the 2025 reorganisation.')];
    }
    if (this.communes.get(communeCode)!.provinceCode !== provinceCode) {
      return [issue(`${path}.communeCode`, 'address.commune-province', 'Xã/phường không thuộc tỉnh/thành phố đã chọn.', 'The commune does not belong to the chosen province.')];
    }
    return [];
  }

  /**
   * Parses a free-text address. Tries the old three-level form first (chip addresses), reading the
   * comma-separated parts from the end: province, district, commune; then the 2025 two-level form.
   */
  parseAddress(text: string): ParsedAddress {
    const parts = text
      .normalize('NFC')
      .split(/[,;\n]/u)
      .map((s) => s.trim())
      .filter((s) => s);
    const none: ParsedAddress = { detail: parts.join(', '), system: 'none', communeCandidates: [] };
    if (parts.length === 0) return none;
    const last = bareName(parts[parts.length - 1]!);
    // Legacy: province, district, commune.
    const oldProvince = this.legacyProvinceByBare.get(last)?.[0];
    let legacyPartial: ParsedAddress | undefined;
    if (oldProvince && parts.length >= 2 && !saysCommune(parts[parts.length - 2]!)) {
      const district = this.legacyDistricts.get(`${oldProvince.code}|${bareName(parts[parts.length - 2]!)}`)?.[0];
      if (district) {
        const communeText = parts.length >= 3 ? parts[parts.length - 3]! : undefined;
        const commune = communeText ? this.legacyCommunes.get(`${district.code}|${bareName(communeText)}`)?.[0] : undefined;
        const newCodes = commune ? this.newCommunesForOld(commune.code) : [];
        const newProvince = newCodes[0] ? this.communes.get(newCodes[0])?.provinceCode : this.legacyProvinceToNew.get(oldProvince.code);
        const parsed: ParsedAddress = {
          detail: parts.slice(0, parts.length - (commune ? 3 : 2)).join(', '),
          system: 'legacy',
          legacy: { provinceCode: oldProvince.code, districtCode: district.code, ...(commune ? { communeCode: commune.code } : {}) },
          ...(newProvince ? { provinceCode: newProvince } : {}),
          communeCandidates: newCodes,
        };
        if (commune) return parsed;
        legacyPartial = parsed;
      }
    }
    // 2025: commune, province.
    const newProvince = this.provinceByBare.get(last)?.[0];
    if (newProvince) {
      if (parts.length >= 2 && !saysDistrict(parts[parts.length - 2]!)) {
        const bare = bareName(parts[parts.length - 2]!);
        const hits = this.listCommunes(newProvince.code).filter((c) => bareName(c.name) === bare);
        if (hits.length > 0) {
          return { detail: parts.slice(0, -2).join(', '), system: '2025', provinceCode: newProvince.code, communeCandidates: hits.map((c) => c.code) };
        }
        // "Phường Văn Miếu, Thành phố Hà Nội": an old commune name with the district left out. Taken
        // only when that name is unique in the old province, so "Phường 1" never guesses.
        const old = oldProvince && !legacyPartial ? this.legacyCommunesByProvince.get(`${oldProvince.code}|${bare}`) : undefined;
        const codes = old ? [...new Set(old.map((c) => c.code))] : [];
        if (codes.length === 1) {
          const commune = old!.find((c) => c.code === codes[0])!;
          const newCodes = this.newCommunesForOld(commune.code).filter((c) => this.communes.get(c)?.provinceCode === newProvince.code);
          if (newCodes.length > 0) {
            return {
              detail: parts.slice(0, -2).join(', '),
              system: 'legacy',
              legacy: { provinceCode: oldProvince!.code, districtCode: commune.districtCode, communeCode: commune.code },
              provinceCode: newProvince.code,
              communeCandidates: newCodes,
            };
          }
        }
      }
      if (legacyPartial) return legacyPartial;
      return { detail: parts.slice(0, -1).join(', '), system: '2025', provinceCode: newProvince.code, communeCandidates: [] };
    }
    if (legacyPartial) return legacyPartial;
    if (oldProvince) {
      const p = this.legacyProvinceToNew.get(oldProvince.code);
      return { detail: parts.slice(0, -1).join(', '), system: 'legacy', legacy: { provinceCode: oldProvince.code }, ...(p ? { provinceCode: p } : {}), communeCandidates: [] };
    }
    return none;
  }
}
