// Runs in: Node (vitest). The one CCCD front-QR parser, fuzzed: random valid cards round-trip through
// every layout variant scanners produce, and mutated or random text yields either the parser's
// KioskError or a result whose every field still holds its invariant (never a half-parsed guess).
import { describe, expect, it } from 'vitest';
import { isKioskError } from './errors';
import { parseCccdQr, parseVnDate, type CccdPayload } from './cccd-qr';

/** Deterministic PRNG, so a failure names its seed and replays. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đặng', 'Vũ', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const MIDDLES = ['Văn', 'Thị', 'Đức', 'Ngọc', 'Hữu', 'Thị Minh', 'Quốc'];
const GIVEN = ['Ấu', 'Ẫn', 'Ậu', 'Lợi', 'Ựng', 'Thư', 'Bình', 'Hương', 'Đạt', 'Ước'];
const PROVINCES = ['001', '079', '048', '031', '092', '096'];
const ADDRESSES = ['Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội', 'Thôn Đông, Xã Tân Lập, Huyện Đan Phượng, Hà Nội', '123/4 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh', 'Tổ 7, Phường Hải Châu I, Đà Nẵng'];

interface Card {
  id: string;
  oldId: string;
  name: string;
  dob: [number, number, number];
  sex: 'M' | 'F';
  address: string;
  issue: [number, number, number];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = ([d, m, y]: [number, number, number]) => `${y}-${pad(m)}-${pad(d)}`;

function randomCard(r: ReturnType<typeof prng>): Card {
  const year = 1930 + r.int(90);
  const sex = r.next() < 0.5 ? 'M' : 'F';
  // Century/sex digit: 0/1 for the 1900s, 2/3 for the 2000s; even is male.
  const digit = (year >= 2000 ? 2 : 0) + (sex === 'F' ? 1 : 0);
  const id = `${r.pick(PROVINCES)}${digit}${pad(year % 100)}${pad(r.int(1_000_000), 6)}`;
  return {
    id,
    oldId: r.next() < 0.6 ? pad(r.int(1_000_000_000), 9) : '',
    name: `${r.pick(SURNAMES)} ${r.pick(MIDDLES)} ${r.pick(GIVEN)}`,
    dob: [1 + r.int(28), 1 + r.int(12), year],
    sex,
    address: r.pick(ADDRESSES),
    issue: [1 + r.int(28), 1 + r.int(12), 2016 + r.int(10)],
  };
}

/** One of the layouts seen from real scanners and encoders. */
function encode(c: Card, r: ReturnType<typeof prng>): string {
  const date = ([d, m, y]: [number, number, number]) => r.pick([`${pad(d)}${pad(m)}${y}`, `${pad(d)}/${pad(m)}/${y}`, `${pad(d)}-${pad(m)}-${y}`]);
  const sex = c.sex === 'M' ? r.pick(['Nam', 'NAM', 'nam']) : r.pick(['Nữ', 'NỮ', 'Nữ'.normalize('NFD')]);
  const name = r.next() < 0.3 ? c.name.toLocaleUpperCase('vi') : c.name;
  let fields = [c.id, c.oldId, name, date(c.dob), sex, c.address, date(c.issue)];
  if (!c.oldId && r.next() < 0.3) fields = [c.id, ...fields.slice(2)]; // six-field variant
  if (r.next() < 0.3) fields.push(...r.pick([[''], ['', ''], ['extra']]));
  let text = fields.join('|');
  if (r.next() < 0.2) text = text.normalize('NFD');
  if (r.next() < 0.2) text = `\uFEFF${text}`;
  if (r.next() < 0.2) text += r.pick(['\r\n', '\n', '\u0000\u0000']);
  return text;
}

/** What must hold for any result, whatever the input was. */
function checkInvariants(p: CccdPayload): void {
  const i = p.identity;
  expect(i.idNumber).toMatch(/^\d{12}$/u);
  expect(p.can).toBe(i.idNumber.slice(-6));
  if (i.oldIdNumber !== undefined) expect(i.oldIdNumber).toMatch(/^(\d{9}|\d{12})$/u);
  if (i.fullName !== undefined) {
    expect(i.fullName).toBe(i.fullName.normalize('NFC'));
    expect(i.fullName).not.toMatch(/\d|[\u0000-\u001F]|\|/u);
    expect(i.fullName.length).toBeLessThanOrEqual(100);
  }
  for (const d of [i.dateOfBirth, i.issueDate]) {
    if (d === undefined) continue;
    expect(d).toMatch(/^\d{4}(-\d{2}-\d{2})?$/u);
    if (d.length === 10) {
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      expect(new Date(Date.UTC(y, m - 1, day)).getUTCDate()).toBe(day);
    }
  }
  if (i.address !== undefined) {
    expect(i.address.length).toBeLessThanOrEqual(300);
    expect(i.address).not.toMatch(/[\u0000-\u001F]|\|/u);
  }
  if (i.sex !== undefined) expect(['M', 'F']).toContain(i.sex);
  // A result always carries at least the name or the date of birth.
  expect(i.fullName !== undefined || i.dateOfBirth !== undefined).toBe(true);
}

describe('parseCccdQr (shared, the only CCCD front-QR parser)', () => {
  it('round-trips 3,000 random cards through every scanner layout, with no warnings', () => {
    const r = prng(20261123);
    for (let n = 0; n < 3000; n++) {
      const card = randomCard(r);
      const text = encode(card, r);
      const p = parseCccdQr(text);
      const tag = JSON.stringify(text);
      expect(p.identity.idNumber, tag).toBe(card.id);
      expect(p.identity.oldIdNumber, tag).toBe(card.oldId || undefined);
      expect(p.identity.fullName?.toLocaleLowerCase('vi'), tag).toBe(card.name.toLocaleLowerCase('vi'));
      expect(p.identity.dateOfBirth, tag).toBe(iso(card.dob));
      expect(p.identity.sex, tag).toBe(card.sex);
      expect(p.identity.address, tag).toBe(card.address);
      expect(p.identity.issueDate, tag).toBe(iso(card.issue));
      expect(p.warnings.filter((w) => w !== 'extra-fields'), tag).toEqual([]);
      checkInvariants(p);
    }
  });

  it('mutated cards and random text: a KioskError qr.cccd-invalid or a result that keeps every invariant (20,000 inputs)', () => {
    const r = prng(7);
    const alphabet = '0123456789|/-. NnAaMmữỮƯơĐđ\u0000\r\n\uFEFF\u0301';
    let parsed = 0;
    for (let n = 0; n < 20_000; n++) {
      let text: string;
      if (n % 2 === 0) {
        const chars = [...encode(randomCard(r), r)];
        for (let k = 1 + r.int(4); k > 0; k--) {
          const at = r.int(chars.length);
          const op = r.int(3);
          if (op === 0) chars[at] = String.fromCodePoint(r.int(0x2500));
          else if (op === 1) chars.splice(at, 1);
          else chars.splice(at, 0, r.pick([...alphabet]));
        }
        text = chars.join('');
      } else {
        text = Array.from({ length: r.int(120) }, () => alphabet[r.int(alphabet.length)]).join('');
        if (r.next() < 0.5) text = `${pad(r.int(1_000_000), 6)}${pad(r.int(1_000_000), 6)}|${text}`;
      }
      try {
        checkInvariants(parseCccdQr(text));
        parsed++;
      } catch (e) {
        if (!isKioskError(e)) throw e;
        expect(e.code).toBe('qr.cccd-invalid');
      }
    }
    // Most mutated cards still parse (a flipped address letter is not a reason to refuse a card).
    expect(parsed).toBeGreaterThan(5000);
  });

  it('refuses non-strings, huge text and text without a 12-digit ID first', () => {
    for (const bad of [undefined, 42, null, 'x'.repeat(5000), '12345|Nguyễn Văn An|01011990', 'https://dichvucong.gov.vn/|a|b|c']) {
      expect(() => parseCccdQr(bad as unknown as string)).toThrowError(expect.objectContaining({ code: 'qr.cccd-invalid' }));
    }
  });

  it('flags an ID whose century/sex digit disagrees with the printed birth year and sex', () => {
    expect(parseCccdQr('001190012345||Vũ Thị Ấu|15031990|Nam|Hà Nội|10082021').warnings).toContain('id-sex-mismatch');
    expect(parseCccdQr('001190012345||Vũ Thị Ấu|15031991|Nữ|Hà Nội|10082021').warnings).toContain('id-century-mismatch');
  });

  it('parseVnDate accepts the card’s date spellings and refuses impossible dates', () => {
    expect(parseVnDate('15031990')).toBe('1990-03-15');
    expect(parseVnDate('1/3/1990')).toBe('1990-03-01');
    expect(parseVnDate('00/00/1950')).toBe('1950');
    expect(parseVnDate('31021990')).toBeUndefined();
    expect(parseVnDate('15131990')).toBeUndefined();
  });
});
