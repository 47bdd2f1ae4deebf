// Runs in: Node (vitest). ICAO 9303-11 Appendix G.1 (PACE ECDH Generic Mapping, brainpoolP256r1,
// AES-128, MRZ password T22000129 / 640812 / 101031), intermediate by intermediate, then the full
// APDU transcript through performPace.
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../../src/shared/errors';
import { fromHex, hex } from '../crypto/bytes';
import { curveByParamId, decodePoint, xCoordinate } from '../crypto/ec';
import { sha1 } from '../crypto/hash';
import { encodeCommand, type CommandApdu, type ResponseApdu } from '../iso7816/apdu';
import { authToken, decryptNonce, dynamicAuthData, mapGenerator, mseSetAtPace, oidBytes, paceKeyFromPassword, performPace, sessionKeysFromSecret, tokenInput } from './pace';
import type { AccessKey } from './types';

const OID = '0.4.0.127.0.7.2.2.4.2.2';
const KEY: AccessKey = { kind: 'mrz', mrz: { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' } };
const curve = curveByParamId(13);
const big = (h: string): bigint => BigInt('0x' + h);
const V = {
  z: '95A3A016522EE98D01E76CB6B98B42C3',
  s: '3F00C4D39D153F2B2A214A078D899B22',
  skMapIfd: '7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99',
  pkMapIfd: '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D',
  skMapIc: '498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560',
  pkMapIc: '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54',
  h: '0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181',
  gMapped: '048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522',
  skDhIfd: 'A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595',
  pkDhIfd: '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462',
  skDhIc: '107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A',
  pkDhIc: '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094',
  k: '28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925',
  ksEnc: 'F5F0E35C0D7161EE6724EE513A0D9A7F',
  ksMac: 'FE251C7858B356B24514B3BD5F4297D1',
  tIfd: 'C2B0BD78D94BA866',
  tIc: '3ABB9674BCE93C08',
};

describe('PACE ECDH-GM, ICAO 9303-11 Appendix G.1', () => {
  it('password seed and K_π', () => {
    expect(hex(sha1(new TextEncoder().encode('T22000129364081251010318')))).toBe('7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD');
    expect(hex(paceKeyFromPassword(KEY, 'AES-128'))).toBe('89DED1B26624EC1E634C1989302849DD');
  });

  it('nonce decryption', () => {
    expect(hex(decryptNonce('AES-128', fromHex('89DED1B26624EC1E634C1989302849DD'), fromHex(V.z)))).toBe(V.s);
  });

  it('mapping: public keys, H and the mapped generator', () => {
    expect(hex(curve.Point.BASE.multiply(big(V.skMapIfd)).toBytes(false))).toBe(V.pkMapIfd);
    expect(hex(curve.Point.BASE.multiply(big(V.skMapIc)).toBytes(false))).toBe(V.pkMapIc);
    const pkIc = decodePoint(curve, fromHex(V.pkMapIc), 'pk');
    expect(hex(pkIc.multiply(big(V.skMapIfd)).toBytes(false))).toBe(V.h);
    const g = mapGenerator(curve, fromHex(V.s), big(V.skMapIfd), pkIc);
    expect(hex(g.toBytes(false))).toBe(V.gMapped);
    // The chip arrives at the same generator from its side.
    expect(hex(mapGenerator(curve, fromHex(V.s), big(V.skMapIc), decodePoint(curve, fromHex(V.pkMapIfd), 'pk')).toBytes(false))).toBe(V.gMapped);
  });

  it('key agreement, session keys and tokens', () => {
    const g = decodePoint(curve, fromHex(V.gMapped), 'g');
    expect(hex(g.multiply(big(V.skDhIfd)).toBytes(false))).toBe(V.pkDhIfd);
    expect(hex(g.multiply(big(V.skDhIc)).toBytes(false))).toBe(V.pkDhIc);
    const k = xCoordinate(curve, decodePoint(curve, fromHex(V.pkDhIc), 'pk').multiply(big(V.skDhIfd)));
    expect(hex(k)).toBe(V.k);
    const { ksEnc, ksMac } = sessionKeysFromSecret('AES-128', k);
    expect(hex(ksEnc)).toBe(V.ksEnc);
    expect(hex(ksMac)).toBe(V.ksMac);
    const inIfd = tokenInput(OID, decodePoint(curve, fromHex(V.pkDhIc), 'pk'));
    expect(hex(inIfd)).toBe('7F494F060A04007F000702020402028641' + V.pkDhIc);
    expect(hex(authToken('AES-128', ksMac, inIfd))).toBe(V.tIfd);
    expect(hex(authToken('AES-128', ksMac, tokenInput(OID, decodePoint(curve, fromHex(V.pkDhIfd), 'pk'))))).toBe(V.tIc);
  });

  it('MSE:Set AT as published (no parameter id) and with the id 84 we send', () => {
    expect(hex(oidBytes(OID))).toBe('04007F00070202040202');
    expect(hex(encodeCommand(mseSetAtPace(OID, 1)))).toBe('0022C1A40F800A04007F00070202040202830101');
    expect(hex(encodeCommand(mseSetAtPace(OID, 2, 13)))).toBe('0022C1A412800A04007F0007020204020283010284010D');
  });

  it('full transcript: the terminal sends exactly the published APDUs and derives the published keys', async () => {
    const chip: Record<string, string> = {
      '0022C1A412800A04007F0007020204020283010184010D': '9000',
      '10860000027C0000': '7C1280' + '10' + V.z + '9000',
      ['10860000457C438141' + V.pkMapIfd + '00']: '7C438241' + V.pkMapIc + '9000',
      ['10860000457C438341' + V.pkDhIfd + '00']: '7C438441' + V.pkDhIc + '9000',
      '008600000C7C0A8508C2B0BD78D94BA86600': '7C0A8608' + V.tIc + '9000',
    };
    const sent: string[] = [];
    const send = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      const h = hex(encodeCommand(cmd));
      sent.push(h);
      const r = chip[h];
      if (!r) return { data: new Uint8Array(0), sw: 0x6a80 };
      const b = fromHex(r);
      return { data: b.slice(0, -2), sw: (b[b.length - 2]! << 8) | b[b.length - 1]! };
    };
    const scalars = [big(V.skMapIfd), big(V.skDhIfd)];
    const r = await performPace(send, KEY, { oid: OID, parameterId: 13 }, { scalars: () => scalars.shift()! });
    expect(sent).toHaveLength(5);
    expect(r.protocol).toBe('PACE');
    expect(hex(r.session.ksEnc)).toBe(V.ksEnc);
    expect(hex(r.session.ksMac)).toBe(V.ksMac);
    expect(hex(r.session.ssc)).toBe('00000000000000000000000000000000');
  });

  it('a chip refusing the token (wrong password) is card.wrong-key', async () => {
    const answers: ResponseApdu[] = [
      { data: new Uint8Array(0), sw: 0x9000 },
      { data: fromHex('7C128010' + V.z), sw: 0x9000 },
      { data: fromHex('7C438241' + V.pkMapIc), sw: 0x9000 },
      { data: fromHex('7C438441' + V.pkDhIc), sw: 0x9000 },
      { data: new Uint8Array(0), sw: 0x6300 },
    ];
    const wrong: AccessKey = { kind: 'can', can: '123456' };
    await expect(performPace(async () => answers.shift()!, wrong, { oid: OID, parameterId: 13 })).rejects.toMatchObject({ code: 'card.wrong-key' });
  });

  it('fuzz: random/mutated GA responses give KioskError only', () => {
    let seed = 99;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const base = fromHex('7C438241' + V.pkMapIc);
    for (let n = 0; n < 3000; n++) {
      let input: Uint8Array;
      if (n % 2) input = Uint8Array.from({ length: rnd() % 80 }, rnd);
      else {
        input = Uint8Array.from(base);
        for (let f = 0; f < 1 + (rnd() % 3); f++) input[rnd() % input.length] = rnd();
      }
      try {
        const v = dynamicAuthData(input, 0x82, 'fuzz');
        decodePoint(curve, v, 'fuzz');
      } catch (e) {
        expect(isKioskError(e), String(e)).toBe(true);
      }
    }
  });
});
