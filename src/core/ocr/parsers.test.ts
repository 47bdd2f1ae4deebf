// Runs in: Node (tests). The pure halves of OCR: MRZ decoding from match scores (check-digit
// repair must confirm, never guess) and card-front field extraction; both fuzzed.
import { describe, expect, it } from 'vitest';
import { parseMrz } from '../../../hardware/card-reader/lds/mrz';
import { isKioskError } from '../../shared/errors';
import { parseIdFrontLines } from './front';
import { decodeMrz } from './mrz-reader';
import { MRZ_ALPHABET } from './mrz-glyphs';
import type { OcrLine } from './pool';

const ICAO_TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

/** Match scores that favour `read` at each cell (0.9), with `alt` close behind where given. */
function cellsFor(lines: string[], alts: Record<string, [string, number]> = {}) {
  return lines.map((line, l) =>
    [...line].map((c, p) => {
      const scores = new Float32Array(MRZ_ALPHABET.length).fill(0.2);
      scores[MRZ_ALPHABET.indexOf(c)] = 0.9;
      const alt = alts[`${l}:${p}`];
      if (alt) scores[MRZ_ALPHABET.indexOf(alt[0])] = alt[1];
      return { scores };
    }),
  );
}

const line = (l: string, pos: number, c: string) => l.slice(0, pos) + c + l.slice(pos + 1);

describe('decodeMrz', () => {
  it('passes a clean read through unchanged', () => {
    expect(decodeMrz('TD1', cellsFor(ICAO_TD1))).toEqual({ lines: ICAO_TD1, repairs: [] });
  });

  it('repairs O→0 in the document number because the check digit confirms it', () => {
    const read = [line(ICAO_TD1[0]!, 13, 'O'), ICAO_TD1[1]!, ICAO_TD1[2]!];
    const r = decodeMrz('TD1', cellsFor(read, { '0:13': ['0', 0.8] }));
    expect(r.lines).toEqual(ICAO_TD1);
    expect(r.repairs).toEqual([{ line: 0, position: 13, read: 'O', corrected: '0' }]);
  });

  it('date positions take the best digit, so an O read in a date becomes 0', () => {
    const read = [ICAO_TD1[0]!, line(ICAO_TD1[1]!, 0, 'O'), ICAO_TD1[2]!];
    // The '0'-looking cell: O scores highest overall, 7 (the truth) is a weak digit candidate.
    const r = decodeMrz('TD1', cellsFor(read, { '1:0': ['7', 0.85] }));
    expect(r.lines[1]).toBe(ICAO_TD1[1]);
  });

  it('refuses a wrong check digit that no confusable repair explains', () => {
    const read = [ICAO_TD1[0]!, line(ICAO_TD1[1]!, 6, '3'), ICAO_TD1[2]!];
    let err: unknown;
    try {
      decodeMrz('TD1', cellsFor(read));
    } catch (e) {
      err = e;
    }
    expect(isKioskError(err) && err.code).toBe('ocr.mrz-unreadable');
  });

  it('fuzz: random score tables only ever decode to check-valid lines or a KioskError', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    let decoded = 0;
    for (let i = 0; i < 400; i++) {
      const base = i % 2 ? ICAO_TD1 : ICAO_TD1.map((l) => [...l].map((c) => (rnd() < 0.05 ? MRZ_ALPHABET[Math.floor(rnd() * 37)]! : c)).join(''));
      const cells = cellsFor(base);
      for (const row of cells) for (const cell of row) for (let k = 0; k < cell.scores.length; k++) if (rnd() < 0.1) cell.scores[k] = rnd();
      try {
        const r = decodeMrz('TD1', cells);
        decoded++;
        expect(r.lines.every((l) => /^[A-Z0-9<]{30}$/.test(l))).toBe(true);
        expect(parseMrz(r.lines).checks.every((c) => c.valid)).toBe(true);
      } catch (e) {
        expect(isKioskError(e), String(e)).toBe(true);
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

const L = (text: string, confidence = 92): OcrLine => ({ text, confidence, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } });

describe('parseIdFrontLines', () => {
  const card = [
    L('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'),
    L('CĂN CƯỚC CÔNG DÂN'),
    L('Số / No.: 001203004567'),
    L('Họ và tên / Full name:'),
    L('Ă'),
    L('| NGUYỄN VĂN AN', 88),
    L('Ngày sinh / Date of birth: 09/05/2003'),
    L('Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam'),
    L('Quê quán / Place of origin:'),
    L('Xã Tân Lập, Huyện Đan Phượng, Hà Nội'),
    L('Nơi thường trú / Place of residence:'),
    L('Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh'),
    L('Có giá trị đến: 09/05/2028'),
  ];

  it('extracts every field, NFC, with confidences', () => {
    const r = parseIdFrontLines(card);
    expect(r.fields.idNumber).toEqual({ value: '001203004567', confidence: 0.92 });
    expect(r.fields.fullName).toEqual({ value: 'NGUYỄN VĂN AN', confidence: 0.88 });
    expect(r.fields.dateOfBirth?.value).toBe('2003-05-09');
    expect(r.fields.sex?.value).toBe('Nam');
    expect(r.fields.nationality?.value).toBe('Việt Nam');
    expect(r.fields.placeOfOrigin?.value).toBe('Xã Tân Lập, Huyện Đan Phượng, Hà Nội');
    expect(r.fields.placeOfResidence?.value).toBe('Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh');
    expect(r.fields.dateOfExpiry?.value).toBe('2028-05-09');
    expect(r.warnings).toEqual([]);
  });

  it('decomposed (NFD) OCR text comes out NFC; digit misreads in the number are fixed', () => {
    const r = parseIdFrontLines([L('Số / No.: 0012O30O4567'), L('Họ và tên / Full name:'), L('NGUYỄN VĂN AN'.normalize('NFD'))]);
    expect(r.fields.idNumber?.value).toBe('001203004567');
    expect(r.fields.fullName?.value).toBe('NGUYỄN VĂN AN');
  });

  it('flags an ID number that does not encode the birth year or sex', () => {
    const r = parseIdFrontLines([L('Số / No.: 001103004567'), L('Ngày sinh / Date of birth: 09/05/2003'), L('Giới tính / Sex: Nữ')]);
    expect(r.warnings).toHaveLength(1);
    expect(r.fields.idNumber!.confidence).toBeLessThan(0.5);
    const s = parseIdFrontLines([L('Số / No.: 001203004567'), L('Ngày sinh / Date of birth: 09/05/2003'), L('Giới tính / Sex: Nữ')]);
    expect(s.warnings).toEqual(['ID number does not encode the sex read beside it']);
  });

  it('drops punctuation the OCR read off the paper after a place or nationality', () => {
    const r = parseIdFrontLines([
      L('Giới tính / Sex: Nam Quốc tịch / Nationality: Việt Nam.'),
      L('Quê quán / Place of origin:'),
      L('Phường Trường Thi, TP. Thanh Hóa, Thanh Hóa _'),
      L('Nơi thường trú / Place of residence:'),
      L('Xã Tân Lập, Huyện Đan Phượng, Hà Nội -'),
    ]);
    expect(r.fields.nationality?.value).toBe('Việt Nam');
    expect(r.fields.placeOfOrigin?.value).toBe('Phường Trường Thi, TP. Thanh Hóa, Thanh Hóa');
    expect(r.fields.placeOfResidence?.value).toBe('Xã Tân Lập, Huyện Đan Phượng, Hà Nội');
  });

  it('rejects impossible dates', () => {
    expect(parseIdFrontLines([L('Ngày sinh / Date of birth: 31/02/2003')]).fields.dateOfBirth).toBeUndefined();
  });

  it('fuzz: mutated OCR lines never throw', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const pool = 'aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ0123456789/:.,|- ĐỖỒÙÚỤ';
    for (let i = 0; i < 2000; i++) {
      const lines = card.map((l) => {
        const chars = [...l.text];
        for (let k = 0; k < rnd() * 6; k++) chars[Math.floor(rnd() * (chars.length + 1))] = [...pool][Math.floor(rnd() * [...pool].length)]!;
        return L(chars.join(''), rnd() * 100);
      });
      const r = parseIdFrontLines(lines.filter(() => rnd() > 0.2));
      for (const f of Object.values(r.fields)) expect(f.confidence).toBeGreaterThanOrEqual(0);
    }
  });
});
