// Runs in: Node (engine, host, CLI, Electron main). Pure: no I/O.
//
// Decree 13/2023/NĐ-CP: personal data never reaches a log in clear. Two nets, because either alone
// leaks: keys that name personal fields are masked whatever their value, and every string that
// survives is scrubbed for shapes that are personal whatever their key (ID numbers, dates, MRZ
// lines, phone numbers, image blobs).

export const REDACTED = '[redacted]';

/** Field names (any casing, any nesting) whose values are personal data. */
const PERSONAL_KEY =
  /(^|_|-|\b)(name|fullname|full_name|hoten|ho_ten|ten|surname|givennames?|given_names?|address|diachi|dia_chi|residence|hometown|quequan|placeofbirth|birthplace|dob|dateofbirth|birthdate|ngaysinh|ngay_sinh|idnumber|id_number|personalid|citizenid|cccd|cmnd|can|mrz|mrzkey|documentnumber|docnumber|passportnumber|face|photo|portrait|image|signature|phone|mobile|email|father|mother|spouse|parents?|religion|ethnicity|dantoc|tongiao|oldid|identifyingmarks?|personal|pii)($|_|-|\b)/i;

export function isPersonalKey(key: string): boolean {
  const compact = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return PERSONAL_KEY.test(key) || PERSONAL_KEY.test(compact) || PERSONAL_KEY.test(key.replace(/[-_]/g, ''));
}

// Order matters: longer shapes first so a 12-digit ID is not half-eaten by the date rule.
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/[A-Z0-9<]{2}[A-Z0-9<]{28,}/g, '[mrz]'], // MRZ lines (TD1 30, TD3 44 characters)
  [/(?:data:[\w/+.-]+;base64,)?[A-Za-z0-9+/]{120,}={0,2}/g, '[blob]'], // images, key material
  [/(?<!\d)\d{12}(?!\d)/g, '[id]'], // CCCD / personal ID
  [/(?<!\d)\d{9}(?!\d)/g, '[id]'], // old CMND, document numbers
  [/(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){9,10}(?!\d)/g, '[phone]'],
  [/(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)/g, '[date]'], // 01/02/1990
  [/(?<!\d)\d{4}-\d{2}-\d{2}(?![\d:T])/g, '[date]'], // 1990-02-01 (timestamps with T are kept)
  [/(?<!\d)[0-3]\d[01]\d(?:19|20)\d{2}(?!\d)/g, '[date]'], // ddmmyyyy as in the CCCD QR
  // Log text is English by convention; a run of words with Vietnamese (non-ASCII) letters is a
  // name, an address or a citizen's input quoted by some parser — "Nguyễn Thị …", "Thôn Đông, xã …".
  [/[\p{L}\p{M}\d ,.'-]*[^\x00-\x7F][\p{L}\p{M}\d ,.'-]*/gu, '[text]'],
];

export function scrubString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` safe to log. Buffers and typed arrays are dropped to their length
 * (they carry images, APDUs and keys); Errors keep name, code and a scrubbed message and stack.
 */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return `[${value.byteLength} bytes]`;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) {
    const err = value as Error & { code?: unknown; cause?: unknown };
    const out: Record<string, unknown> = {
      type: err.name,
      message: scrubString(err.message),
    };
    if (typeof err.code === 'string') out.code = err.code;
    if (err.stack) out.stack = scrubString(err.stack);
    if (err.cause !== undefined) out.cause = redact(err.cause, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isPersonalKey(key) && item !== undefined && item !== null ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}
