// Runs in: Node (vitest). The sample documents are reproducible, self-consistent and follow the
// CCCD numbering rules the access keys depend on.
import { describe, expect, it } from 'vitest';
import { parseDg1 } from '../lds/dg1';
import { parseDg13 } from '../lds/dg13';
import { bacKeySeedInput, cccdIdFromMrz } from '../lds/mrz';
import { buildSampleCccd, buildSamplePassport, FID } from './documents';

const hexOf = (m: Map<number, Uint8Array>): Record<string, string> =>
  Object.fromEntries([...m].map(([k, v]) => [k.toString(16), Buffer.from(v).toString('hex')]));

describe('sample CCCD', () => {
  const a = buildSampleCccd();
  it('is byte-for-byte reproducible (fixtures + RFC 6979 signatures)', () => {
    expect(hexOf(buildSampleCccd().files)).toEqual(hexOf(a.files));
    expect(hexOf(buildSamplePassport().files)).toEqual(hexOf(buildSamplePassport().files));
  });
  it('serves EF.CardAccess, EF.COM, DG1, DG2, DG13, DG14, DG15 and EF.SOD under their FIDs', () => {
    expect([...a.files.keys()].sort((x, y) => x - y)).toEqual([0x0101, 0x0102, 0x010d, 0x010e, 0x010f, 0x011c, 0x011d, 0x011e]);
    expect(a.files.get(FID.dg(13))).toBe(a.dataGroups.get(13));
  });
  it('keeps the ID, MRZ, CAN and DG13 consistent under the CCCD rules', () => {
    const id = a.idNumber;
    expect(id).toMatch(/^\d{12}$/);
    expect(id.slice(0, 3)).toBe('001'); // Hà Nội
    expect(id[3]).toBe('1'); // born 1900-1999, female
    expect(id.slice(4, 6)).toBe('95'); // birth year
    const mrz = parseDg1(a.dataGroups.get(1)!).mrz;
    expect(mrz.valid).toBe(true);
    expect(cccdIdFromMrz(mrz)).toBe(id);
    expect(a.mrz).toEqual({ documentNumber: id.slice(3), dateOfBirth: mrz.dateOfBirth, dateOfExpiry: mrz.dateOfExpiry });
    expect(a.can).toBe(id.slice(6));
    const dg13 = parseDg13(a.dataGroups.get(13)!);
    expect(dg13.idNumber).toBe(id);
    expect(dg13.dateOfBirth).toBe('14/03/1995');
    expect(bacKeySeedInput(a.mrz)).toBe('195012345' + '2' + '950314' + '6' + '350314' + '4');
  });
  it('supports the "together" parent layout', () => {
    const d = parseDg13(buildSampleCccd({ parentLayout: 'together' }).dataGroups.get(13)!);
    expect([d.fatherName, d.motherName]).toEqual(['Trần Văn Hùng', 'Nguyễn Thị Lan']);
  });
});

describe('sample passport', () => {
  it('is a valid TD3 with the ID as personal number', () => {
    const p = buildSamplePassport();
    const mrz = parseDg1(p.dataGroups.get(1)!).mrz;
    expect(mrz).toMatchObject({ format: 'TD3', documentNumber: 'C0123456', issuingState: 'VNM', optionalData2: p.idNumber, valid: true });
    expect(p.files.has(FID.cardAccess)).toBe(false);
  });
});
