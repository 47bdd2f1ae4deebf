// Runs in: Node (vitest). CCCD and receipt payloads, real-shaped samples (fictitious people), fuzz.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { classifyPayload, parseCccdQr, parseVnDate, UNKNOWN_PAYLOAD_MESSAGE } from './payloads';
import { buildReceiptQrPayload, parseReceiptQrPayload, type ReceiptQrFields } from '../tickets/receipt-qr';

// Shaped like the QR on real CCCD fronts (7 fields, DDMMYYYY), with fictitious data.
const STANDARD = '001099012345|013456789|Nguyễn Văn An|15081999|Nam|Số 12, ngõ 34 Phố Huế, Phường Phạm Đình Hổ, Quận Hai Bà Trưng, Hà Nội|20042021';

describe('parseCccdQr', () => {
  it('reads the standard 7-field layout and derives the CAN', () => {
    const p = parseCccdQr(STANDARD);
    expect(p.identity).toEqual({
      idNumber: '001099012345',
      oldIdNumber: '013456789',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1999-08-15',
      sex: 'M',
      address: 'Số 12, ngõ 34 Phố Huế, Phường Phạm Đình Hổ, Quận Hai Bà Trưng, Hà Nội',
      issueDate: '2021-04-20',
    });
    expect(p.can).toBe('012345');
    expect(p.warnings).toEqual([]);
  });

  it('tolerates an empty old ID, a female card born in the 2000s, trailing pipes and CRLF', () => {
    const p = parseCccdQr('079303004567||TRẦN THỊ BÍCH NGỌC|02012003|Nữ|123/4 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|10102022||\r\n');
    expect(p.identity.oldIdNumber).toBeUndefined();
    expect(p.identity.sex).toBe('F');
    expect(p.identity.dateOfBirth).toBe('2003-01-02');
    expect(p.identity.issueDate).toBe('2022-10-10');
    expect(p.can).toBe('004567');
    expect(p.warnings).toEqual([]);
  });

  it('reads the 6-field variant without an old-ID slot', () => {
    const p = parseCccdQr('048185000111|LÊ VĂN BA|05051985|Nam|Hải Châu, Đà Nẵng|01072021');
    expect(p.identity.fullName).toBe('LÊ VĂN BA');
    expect(p.identity.dateOfBirth).toBe('1985-05-05');
    expect(p.identity.issueDate).toBe('2021-07-01');
    expect(p.identity.address).toBe('Hải Châu, Đà Nẵng');
  });

  it('normalises NFD Vietnamese to NFC and accepts separated / year-only dates', () => {
    const nfd = '036150000222||Phạm Thị Lụa|1950|Nữ|Xã Hải Hậu, Nam Định|01/02/2021'.normalize('NFD');
    const p = parseCccdQr(nfd);
    expect(p.identity.fullName).toBe('Phạm Thị Lụa'.normalize('NFC'));
    expect(p.identity.dateOfBirth).toBe('1950');
    expect(p.identity.issueDate).toBe('2021-02-01');
    expect(p.identity.sex).toBe('F');
  });

  it('keeps what it can from missing fields and reports, not guesses', () => {
    const p = parseCccdQr('001099012345||Nguyễn Văn An|31021999|');
    expect(p.identity.dateOfBirth).toBeUndefined();
    expect(p.warnings).toContain('dob-invalid');
    expect(p.warnings).toContain('address-missing');
    expect(p.identity.fullName).toBe('Nguyễn Văn An');
  });

  it('flags an ID whose century/sex digit contradicts the printed fields', () => {
    const p = parseCccdQr('001199012345||Nguyễn Văn An|15081999|Nam|Hà Nội|20042021');
    expect(p.warnings).toContain('id-sex-mismatch');
    const q = parseCccdQr('001299012345||Nguyễn Văn An|15081999|Nam|Hà Nội|20042021');
    expect(q.warnings).toContain('id-century-mismatch');
  });

  it('rejects non-CCCD text with a KioskError', () => {
    for (const bad of ['', '12345|a|b', '00109901234X|x|y|z', '001099012345', '001099012345|||||||']) {
      expect(() => parseCccdQr(bad)).toThrow(KioskError);
    }
  });
});

describe('parseVnDate', () => {
  it('validates calendar dates', () => {
    expect(parseVnDate('29022000')).toBe('2000-02-29');
    expect(parseVnDate('29021900')).toBeUndefined();
    expect(parseVnDate('1.2.2020')).toBe('2020-02-01');
    expect(parseVnDate('00/00/1945')).toBe('1945');
    expect(parseVnDate('32012020')).toBeUndefined();
  });
});

// Built with the printer's own builder (format MCR1, src/core/tickets/receipt-qr.ts).
const RECEIPT: ReceiptQrFields = {
  dossierCode: '000.00.01.H01-230315-0001',
  procedureCode: '1.001234.000.00.00.H01',
  applicantId: '001099012345',
  documentName: 'Tờ khai đăng ký khai sinh & bản sao',
  sourceSystem: 'MOTCUA-KIOSK-01',
  issuedAt: new Date('2023-03-15T03:15:09Z'),
};

describe('receipt payloads (printer format MCR1)', () => {
  it('a printed receipt QR classifies to the dossier lookup, Vietnamese name intact', () => {
    const c = classifyPayload(buildReceiptQrPayload(RECEIPT));
    expect(c).toMatchObject({
      kind: 'receipt',
      lookup: { dossierCode: RECEIPT.dossierCode, procedureCode: RECEIPT.procedureCode },
      receipt: { applicantId: '001099012345', documentName: 'Tờ khai đăng ký khai sinh & bản sao', issuedAt: '2023-03-15T10:15:09+07:00' },
    });
  });

  it('round-trips random field values through build and classify', () => {
    const rnd = seeded(7);
    for (let i = 0; i < 300; i++) {
      const f: ReceiptQrFields = {
        dossierCode: `${rnd.int(999)}.${rnd.int(99)}.H${rnd.int(99)}-${rnd.int(999999)}-${rnd.int(9999)}`,
        procedureCode: `1.${rnd.int(999999)}`,
        applicantId: String(100000000000 + rnd.int(899999999999)),
        documentName: rnd.text(1 + rnd.int(60)).replace(/[\u0000-\u001F\u007F\uD800-\uDFFF]/g, '').trim() || 'x',
        sourceSystem: 'SRC',
        issuedAt: new Date(Date.UTC(2000, 0, 2) + rnd.int(3e9) * 1000),
      };
      const c = classifyPayload(buildReceiptQrPayload(f));
      expect(c.kind).toBe('receipt');
      if (c.kind === 'receipt') expect(c.receipt.documentName).toBe(f.documentName.normalize('NFC').trim());
    }
  });

  it('refuses receipts that parse structurally but carry an impossible date or control characters', () => {
    const good = buildReceiptQrPayload(RECEIPT);
    expect(classifyPayload(good.replace('2023-03-15', '2023-02-30'))).toMatchObject({ kind: 'unknown', reason: 'receipt-invalid' });
    expect(classifyPayload(good.replace('dc=000', 'dc=%0A000'))).toMatchObject({ kind: 'unknown', reason: 'receipt-invalid' });
    expect(classifyPayload(good.replace('&pc=', '&xx='))).toMatchObject({ kind: 'unknown', reason: 'receipt-invalid' });
  });
});

describe('classifyPayload', () => {
  it('routes CCCD, receipt and anything else', () => {
    expect(classifyPayload(STANDARD).kind).toBe('cccd');
    const r = classifyPayload(buildReceiptQrPayload(RECEIPT));
    expect(r).toMatchObject({ kind: 'receipt', lookup: { dossierCode: RECEIPT.dossierCode, procedureCode: RECEIPT.procedureCode } });
    for (const other of ['https://dichvucong.gov.vn', '8934567890123', '', 'MCR1?broken', '001099012345|x']) {
      const u = classifyPayload(other);
      expect(u.kind).toBe('unknown');
      if (u.kind === 'unknown') expect(u.message).toBe(UNKNOWN_PAYLOAD_MESSAGE);
    }
  });
});

describe('fuzz', () => {
  const rnd = seeded(2026);
  const seeds = [STANDARD, buildReceiptQrPayload(RECEIPT), '048185000111|LÊ VĂN BA|05051985|Nam|Hải Châu|01072021'];

  it('classifyPayload never throws and parsers throw only KioskError (20 000 inputs)', () => {
    for (let i = 0; i < 20_000; i++) {
      const input = i % 3 === 0 ? rnd.text(rnd.int(200)) : rnd.mutate(rnd.pick(seeds));
      const c = classifyPayload(input);
      expect(['cccd', 'receipt', 'unknown']).toContain(c.kind);
      for (const parse of [parseCccdQr, parseReceiptQrPayload]) {
        try {
          parse(input);
        } catch (e) {
          if (!(e instanceof KioskError)) throw e;
        }
      }
    }
  });
});

function seeded(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * (n + 1));
  const alphabet = ['|', '%', '0', '9', 'a', 'Z', ' ', 'ễ', 'Đ', '\u0301', '\n', '\u0000', '\uFEFF', '\uD800', '/', '.', '-', '😀'];
  const char = () => (next() < 0.5 ? rnd1(alphabet) : String.fromCharCode(int(0xffff)));
  const rnd1 = <T,>(a: T[]) => a[Math.floor(next() * a.length)]!;
  return {
    int,
    pick: rnd1,
    text: (n: number) => Array.from({ length: n }, char).join(''),
    mutate(base: string) {
      const a = [...base];
      const ops = 1 + int(4);
      for (let k = 0; k < ops; k++) {
        const at = int(a.length);
        const op = int(3);
        if (op === 0) a.splice(at, 1);
        else if (op === 1) a.splice(at, 0, char());
        else a[at] = char();
      }
      return a.join('');
    },
  };
}
