// Runs in: Node (engine) and the renderer alike: pure, no I/O.
// Vietnamese numbers after the 2017–2018 renumbering: mobiles are 10 digits (0 + 3-digit network
// prefix + 6), landlines 11 digits (02 + area code + subscriber). `+84`/`84` replace the leading 0.
import { issue, type ValidationIssue } from './issues';

/** Network prefixes in service after the 2018 mobile renumbering. */
export const MOBILE_PREFIXES = new Set([
  '032', '033', '034', '035', '036', '037', '038', '039', // Viettel
  '052', '055', '056', '058', '059', // Vietnamobile, Reddi, Gmobile
  '070', '076', '077', '078', '079', // MobiFone
  '081', '082', '083', '084', '085', '086', '087', '088', '089', // VinaPhone, Viettel, iTel, MobiFone
  '090', '091', '092', '093', '094', '096', '097', '098', '099',
]);

/** Landline area codes after the 2017 renumbering (province codes before the 2025 mergers still dial). */
export const LANDLINE_AREA_CODES = new Set([
  '24', '28',
  ...'203 204 205 206 207 208 209 210 211 212 213 214 215 216 218 219 220 221 222 225 226 227 228 229 232 233 234 235 236 237 238 239 251 252 254 255 256 257 258 259 260 261 262 263 269 270 271 272 273 274 275 276 277 290 291 292 293 294 296 297 299'.split(' '),
]);

export type PhoneKind = 'mobile' | 'landline';

/** Strips spaces, dots, dashes and brackets; rewrites +84/84 to the national 0. Null if other junk. */
export function normalisePhone(text: string): string | null {
  const compact = text.trim().replace(/[\s.\-()]/gu, '');
  if (!/^\+?\d+$/u.test(compact)) return null;
  if (compact.startsWith('+84')) return `0${compact.slice(3)}`;
  if (compact.startsWith('84') && compact.length >= 11) return `0${compact.slice(2)}`;
  return compact;
}

export function classifyPhone(text: string): PhoneKind | null {
  const n = normalisePhone(text);
  if (!n) return null;
  if (n.length === 10 && MOBILE_PREFIXES.has(n.slice(0, 3))) return 'mobile';
  if (n.length === 11 && n.startsWith('02')) {
    const area = n.slice(1, 3) === '24' || n.slice(1, 3) === '28' ? n.slice(1, 3) : n.slice(1, 4);
    if (LANDLINE_AREA_CODES.has(area)) return 'landline';
  }
  return null;
}

export function validatePhone(path: string, text: string, accept: 'mobile' | 'landline' | 'any' = 'any'): ValidationIssue[] {
  const kind = classifyPhone(text);
  if (kind && (accept === 'any' || accept === kind)) return [];
  if (kind === 'landline' && accept === 'mobile') {
    return [issue(path, 'phone.not-mobile', 'Cần số điện thoại di động (10 số, vd. 0912 345 678).', 'A mobile number is required (10 digits, e.g. 0912 345 678).')];
  }
  return [
    issue(
      path,
      'phone.invalid',
      'Số điện thoại không hợp lệ: di động 10 số (vd. 0912 345 678), cố định 11 số (vd. 024 3825 1234).',
      'Invalid phone number: mobile 10 digits (e.g. 0912 345 678), landline 11 digits (e.g. 024 3825 1234).',
    ),
  ];
}
