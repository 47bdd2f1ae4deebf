// Runs in: Node (vitest). ICAO 9303 specimen MRZs, the published CCCD MRZ, and a fuzz pass.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { bacKeySeedInput, cccdCan, cccdDocumentNumber, cccdIdFromMrz, mrzCheckDigit, mrzDateToIso, parseMrz } from './mrz';

const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10';
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = 'I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6';
const TD1_LONG = 'I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<';
// Published CCCD MRZ (reference doc §2.2, example 1); line 3 is ours.
const CCCD = 'IDVNM0930470641001093047064<<2\n9301054M3301052VNM<<<<<<<<<<<8\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<';

describe('mrzCheckDigit (9303-3 §4.9, weights 7-3-1)', () => {
  it('matches the specimen check digits', () => {
    expect(mrzCheckDigit('L898902C3')).toBe(6);
    expect(mrzCheckDigit('740812')).toBe(2);
    expect(mrzCheckDigit('120415')).toBe(9);
    expect(mrzCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(mrzCheckDigit('D23145890')).toBe(7);
    expect(mrzCheckDigit('093047064')).toBe(1);
    expect(mrzCheckDigit('<<<<')).toBe(0);
  });
  it('rejects characters outside the MRZ alphabet', () => {
    expect(() => mrzCheckDigit('ab')).toThrow(KioskError);
  });
});

describe('parseMrz', () => {
  it('parses the TD3 passport specimen (9303-4)', () => {
    const f = parseMrz(TD3);
    expect(f).toMatchObject({
      format: 'TD3', documentCode: 'P', issuingState: 'UTO', documentNumber: 'L898902C3', surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA', nationality: 'UTO', dateOfBirth: '740812', sex: 'F', dateOfExpiry: '120415',
      optionalData2: 'ZE184226B', valid: true,
    });
    expect(f.checks.map((c) => c.field)).toEqual(['documentNumber', 'dateOfBirth', 'dateOfExpiry', 'personalNumber', 'composite']);
  });
  it('parses the TD1 specimen (9303-5)', () => {
    const f = parseMrz(TD1);
    expect(f).toMatchObject({ format: 'TD1', documentCode: 'I', documentNumber: 'D23145890', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', valid: true });
  });
  it('parses the TD2 specimen (9303-6)', () => {
    expect(parseMrz(TD2)).toMatchObject({ format: 'TD2', documentNumber: 'D23145890', dateOfBirth: '740812', valid: true });
  });
  it('applies the TD1 long-document-number rule', () => {
    const f = parseMrz(TD1_LONG);
    expect(f.documentNumber).toBe('D23145890734');
    expect(f.checks.find((c) => c.field === 'documentNumber')).toMatchObject({ printed: '9', valid: true });
    expect(f.sex).toBe('M');
    expect(f.valid).toBe(true);
  });
  it('parses the CCCD TD1 and finds the 12-digit ID in the optional data', () => {
    const f = parseMrz(CCCD);
    expect(f).toMatchObject({ documentCode: 'ID', issuingState: 'VNM', documentNumber: '093047064', valid: true });
    expect(cccdIdFromMrz(f)).toBe('001093047064');
    expect(cccdDocumentNumber('001093047064')).toBe(f.documentNumber);
    expect(cccdCan('001093047064')).toBe('047064');
  });
  it('accepts a single run of 90 characters, lower case and stray spaces', () => {
    expect(parseMrz(TD1.join('').toLowerCase().replace('eriksson', 'eriks son')).valid).toBe(true);
  });
  it('flags exactly the field whose check digit is wrong', () => {
    const f = parseMrz(TD3.replace('7408122F', '7408123F'));
    expect(f.valid).toBe(false);
    expect(f.checks.filter((c) => !c.valid).map((c) => c.field)).toEqual(['dateOfBirth', 'composite']);
    const g = parseMrz(TD3.replace('L898902C36', 'L898902C37'));
    expect(g.checks.filter((c) => !c.valid).map((c) => c.field)).toEqual(['documentNumber', 'composite']);
  });
  it('flags impossible dates even when check digits match', () => {
    const l2 = '7413320F1204159UTO<<<<<<<<<<<';
    const body = l2 + '0';
    const lines = [TD1[0]!, body, TD1[2]!];
    const bad = parseMrz(lines);
    expect(bad.formatProblems.length).toBeGreaterThan(0);
    expect(bad.valid).toBe(false);
  });
  it('throws mrz.malformed for text that is not MRZ-shaped', () => {
    for (const bad of ['', 'hello', TD3.slice(0, 80), TD1.join('\n').replace('E', 'é'), 'X'.repeat(1000)]) {
      expect(() => parseMrz(bad)).toThrowError(expect.objectContaining({ code: 'mrz.malformed' }));
    }
  });
});

describe('bacKeySeedInput (9303-11 §4.3.2)', () => {
  it('reproduces the Appendix D.2 MRZ_information', () => {
    expect(bacKeySeedInput({ documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' })).toBe('L898902C<369080619406236');
  });
  it('reproduces the CCCD example (last 9 digits of the ID)', () => {
    expect(bacKeySeedInput({ documentNumber: cccdDocumentNumber('001093047064'), dateOfBirth: '930105', dateOfExpiry: '330105' })).toBe(
      '093047064193010543301052',
    );
  });
  it('rejects bad dates', () => {
    expect(() => bacKeySeedInput({ documentNumber: 'X', dateOfBirth: '1990-1', dateOfExpiry: '330105' })).toThrow(KioskError);
  });
});

describe('mrzDateToIso', () => {
  it('puts birth dates in the past and expiry dates in 20xx', () => {
    const today = new Date('2026-01-01T00:00:00Z');
    expect(mrzDateToIso('740812', 'birth', today)).toBe('1974-08-12');
    expect(mrzDateToIso('050101', 'birth', today)).toBe('2005-01-01');
    expect(mrzDateToIso('740812', 'expiry', today)).toBe('2074-08-12');
    expect(mrzDateToIso('741312', 'birth', today)).toBeUndefined();
  });
});

describe('fuzz', () => {
  it('returns fields or throws KioskError for 5000 mutated MRZs', () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = 'ABCXYZ0123456789<<<\n é?';
    const bases = [TD3, TD1.join('\n'), TD2, TD1_LONG, CCCD];
    for (let i = 0; i < 5000; i++) {
      const chars = [...bases[rnd(bases.length)]!];
      const edits = 1 + rnd(4);
      for (let e = 0; e < edits; e++) {
        const pos = rnd(chars.length + 1);
        const op = rnd(3);
        const c = alphabet[rnd(alphabet.length)]!;
        if (op === 0) chars[pos] = c;
        else if (op === 1) chars.splice(pos, 1);
        else chars.splice(pos, 0, c);
      }
      try {
        const f = parseMrz(chars.join(''));
        expect(typeof f.valid).toBe('boolean');
      } catch (err) {
        expect(err).toBeInstanceOf(KioskError);
      }
    }
  });
});
