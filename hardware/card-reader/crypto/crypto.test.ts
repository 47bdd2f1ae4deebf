// Runs in: Node (vitest). Published vectors for every primitive the eMRTD stack owns.
import { describe, expect, it } from 'vitest';
import { AesCmacKey, AesContext, aesCbcDecrypt, aesCbcEncrypt, aesCmac, cmacSubkeys } from './aes';
import { fromHex, hex } from './bytes';
import { adjustDesParity, desCbcEncrypt, desEcbDecrypt, desEcbEncrypt, tdesCbcDecrypt, tdesCbcEncrypt, tdesEcbDecrypt, tdesEcbEncrypt } from './des';
import { curveByParamId, decodePoint, randomScalar, xCoordinate } from './ec';
import { kdf } from './kdf';
import { pad, retailMac, retailMacKey, unpad } from './mac';
import { sha1 } from './hash';

describe('DES (FIPS 46-3 / SP 800-17 / SP 800-67 vectors)', () => {
  it.each([
    ['133457799BBCDFF1', '0123456789ABCDEF', '85E813540F0AB405'], // classic FIPS walk-through
    ['0123456789ABCDEF', '4E6F772069732074', '3FA40E8A984D4815'], // FIPS 81 "Now is t"
    ['0101010101010101', '8000000000000000', '95F8A5E5DD31D900'], // SP 800-17 variable plaintext #1
    ['0101010101010101', '4000000000000000', 'DD7F121CA5015619'], // SP 800-17 variable plaintext #2
    ['8001010101010101', '0000000000000000', '95A8D72813DAA94D'], // SP 800-17 variable key #1
  ])('key %s encrypts %s to %s and back', (k, p, c) => {
    expect(hex(desEcbEncrypt(fromHex(k), fromHex(p)))).toBe(c);
    expect(hex(desEcbDecrypt(fromHex(k), fromHex(c)))).toBe(p);
  });

  it('FIPS 81 CBC example', () => {
    const pt = new TextEncoder().encode('Now is the time for all ');
    expect(hex(desCbcEncrypt(fromHex('0123456789ABCDEF'), pt, fromHex('1234567890ABCDEF')))).toBe('E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6');
  });

  it('three-key TDEA (SP 800-67 example) and two-key round trip', () => {
    const key = fromHex('0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123');
    const pt = new TextEncoder().encode('The qufck brown fox jump');
    const ct = tdesEcbEncrypt(key, pt);
    expect(hex(ct)).toBe('A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900');
    expect(tdesEcbDecrypt(key, ct)).toEqual(pt);
    const k2 = fromHex('AB94FDECF2674FDFB9B391F85D7F76F2');
    const data = fromHex('781723860C06C2264608F919887022120B795240CB7049B01C19B33E32804F0B');
    expect(tdesCbcDecrypt(k2, tdesCbcEncrypt(k2, data))).toEqual(data);
    // Two-key 3DES with K1 = K2 degenerates to single DES: a cross-check of the EDE order.
    const same = fromHex('133457799BBCDFF1133457799BBCDFF1');
    expect(hex(tdesEcbEncrypt(same, fromHex('0123456789ABCDEF')))).toBe('85E813540F0AB405');
  });

  it('rejects partial blocks with a KioskError', () => {
    expect(() => desEcbEncrypt(fromHex('0123456789ABCDEF'), new Uint8Array(7))).toThrow(expect.objectContaining({ code: 'card.crypto' }));
  });

  it('parity adjustment sets odd parity', () => {
    expect(hex(adjustDesParity(fromHex('0000FEFF')))).toBe('0101FEFE');
  });
});

describe('AES-CMAC (RFC 4493)', () => {
  const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
  const m = fromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  it('subkeys', () => {
    const { k1, k2 } = cmacSubkeys(key);
    expect(hex(k1)).toBe('FBEED618357133667C85E08F7236A8DE');
    expect(hex(k2)).toBe('F7DDAC306AE266CCF90BC11EE46D513B');
  });
  it.each([
    [0, 'BB1D6929E95937287FA37D129B756746'],
    [16, '070A16B46B4D4144F79BDD9DD04A287C'],
    [40, 'DFA66747DE9AE63030CA32611497C827'],
    [64, '51F0BEBF7E3B9D92FC49741779363CFE'],
  ])('message of %i bytes', (n, tag) => {
    expect(hex(aesCmac(key, m.subarray(0, n)))).toBe(tag);
    expect(hex(new AesCmacKey(key).mac(m.subarray(0, n)))).toBe(tag);
  });
  it('a keyed CMAC gives the same tags when reused across messages', () => {
    const keyed = new AesCmacKey(key);
    for (const n of [64, 0, 40, 16, 17, 15]) expect(keyed.mac(m.subarray(0, n))).toEqual(aesCmac(key, m.subarray(0, n)));
  });
});

describe('keyed AES-CBC (SP 800-38A F.2)', () => {
  const pt = fromHex('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710');
  const iv = fromHex('000102030405060708090a0b0c0d0e0f');
  it.each([
    ['2b7e151628aed2a6abf7158809cf4f3c', '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7'],
    ['8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b', '4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a571b242012fb7ae07fa9baac3df102e008b0e27988598881d920a9e64f5615cd'],
    ['603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4', 'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b'],
  ])('key %s', (k, ct) => {
    const ctx = new AesContext(fromHex(k));
    expect(hex(ctx.cbcEncrypt(pt, iv))).toBe(ct.toUpperCase());
    expect(ctx.cbcDecrypt(fromHex(ct), iv)).toEqual(pt);
    // Same answers as the one-shot helpers, on an unaligned view and with the default zero IV.
    const unaligned = new Uint8Array(pt.length + 3).subarray(3);
    unaligned.set(pt);
    expect(ctx.cbcEncrypt(unaligned)).toEqual(aesCbcEncrypt(fromHex(k), pt));
    expect(ctx.cbcDecrypt(ctx.cbcEncrypt(unaligned))).toEqual(pt);
    expect(aesCbcDecrypt(fromHex(k), ctx.cbcEncrypt(pt))).toEqual(pt);
    expect(() => ctx.cbcEncrypt(new Uint8Array(15))).toThrow(expect.objectContaining({ code: 'card.crypto' }));
  });
});

describe('ISO 9797-1 MAC algorithm 3 and padding method 2 (ICAO 9303-11 Appendix D)', () => {
  it('the keyed retail MAC equals the one-shot one', () => {
    const k = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
    const keyed = retailMacKey(k);
    for (const len of [8, 16, 40]) {
      const data = pad(Uint8Array.from({ length: len - 1 }, (_, i) => i * 7), 8);
      expect(keyed(data)).toEqual(retailMac(k, data));
    }
  });
  it('M.IFD and M.IC of the BAC worked example', () => {
    const kMac = fromHex('7962D9ECE03D1ACD4C76089DCE131543');
    expect(hex(retailMac(kMac, pad(fromHex('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2'), 8)))).toBe('5F1448EEA8AD90A7');
    expect(hex(retailMac(kMac, pad(fromHex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F'), 8)))).toBe('2F2D235D074D7449');
  });
  it('SM command and response MACs of D.4', () => {
    const ksMac = fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(hex(retailMac(ksMac, pad(fromHex('887022120C06C2270CA4020C800000008709016375432908C044F6'), 8)))).toBe('BF8B92D635FF24F8');
    expect(hex(retailMac(ksMac, pad(fromHex('887022120C06C22899029000'), 8)))).toBe('FA855A5D4C50A8ED');
  });
  it('pad always adds a byte; unpad rejects bad padding', () => {
    expect(hex(pad(fromHex('0102030405060708'), 8))).toBe('01020304050607088000000000000000');
    expect(unpad(fromHex('0102800000'))).toEqual(fromHex('0102'));
    expect(unpad(fromHex('0102000000'))).toBeNull();
    expect(unpad(new Uint8Array(0))).toBeNull();
  });
});

describe('ICAO KDF', () => {
  it('BAC Kenc/Kmac from the Appendix D.2 seed', () => {
    const seed = sha1(new TextEncoder().encode('L898902C<369080619406236')).slice(0, 16);
    expect(hex(seed)).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    expect(hex(kdf(seed, 1, '3DES'))).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(kdf(seed, 2, '3DES'))).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });
  it('AES key lengths', () => {
    const seed = fromHex('00');
    expect(kdf(seed, 1, 'AES-128')).toHaveLength(16);
    expect(kdf(seed, 1, 'AES-192')).toHaveLength(24);
    expect(kdf(seed, 1, 'AES-256')).toHaveLength(32);
  });
});

describe('elliptic curves by ICAO parameter id', () => {
  it('brainpoolP256r1 (13) ECDH agrees and matches RFC 7027 public key', () => {
    const c = curveByParamId(13);
    const priv = BigInt('0x81DB1EE100150FF2EA338D708271BE38300CB54241D79950F77B063039804F1D');
    expect(hex(c.Point.BASE.multiply(priv).toBytes(false))).toBe(
      '0444106E913F92BC02A1705D9953A8414DB95E1AAA49E81D9E85F929A8E3100BE58AB4846F11CACCB73CE49CBDD120F5A900A69FD32C272223F789EF10EB089BDC',
    );
  });
  it.each([12, 13, 15, 16, 17, 18])('param id %i: random ECDH agrees, x is fixed width', (id) => {
    const c = curveByParamId(id);
    const a = randomScalar(c);
    const b = randomScalar(c);
    const pa = c.Point.BASE.multiply(a);
    const pb = decodePoint(c, c.Point.BASE.multiply(b).toBytes(false), 'peer');
    expect(xCoordinate(c, pb.multiply(a))).toEqual(xCoordinate(c, pa.multiply(b)));
    expect(xCoordinate(c, pa)).toHaveLength(c.size);
  });
  it('unknown parameter id and off-curve points are KioskErrors', () => {
    expect(() => curveByParamId(99)).toThrow(expect.objectContaining({ code: 'card.unsupported-protocol' }));
    const bad = new Uint8Array(65);
    bad[0] = 4;
    bad[64] = 1;
    expect(() => decodePoint(curveByParamId(13), bad, 'x')).toThrow(expect.objectContaining({ code: 'card.protocol' }));
  });
});
