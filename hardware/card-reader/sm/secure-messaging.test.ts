// Runs in: Node (vitest). ICAO 9303-11 Appendix D.4 secure messaging, byte for byte, plus AES
// round trips, tamper detection and a fuzz of the response unwrapper.
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../../src/shared/errors';
import { fromHex, hex } from '../crypto/bytes';
import type { CipherAlg } from '../crypto/kdf';
import { CardSecureMessaging, SecureMessaging } from './secure-messaging';

const KEYS = {
  alg: '3DES' as const,
  ksEnc: fromHex('979EC13B1CBFE9DCD01AB0FED307EAE5'),
  ksMac: fromHex('F1CB1F1FB5ADF208806B89DC579DC1F8'),
  ssc: fromHex('887022120C06C226'),
};

describe('secure messaging, Appendix D.4 (3DES)', () => {
  it('SELECT EF.COM and two READ BINARYs, byte for byte', () => {
    const sm = new SecureMessaging(KEYS);
    expect(hex(sm.wrap(fromHex('00A4020C02011E')))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(hex(sm.ssc)).toBe('887022120C06C227');
    expect(hex(sm.unwrap(fromHex('990290008E08FA855A5D4C50A8ED9000')))).toBe('9000');
    expect(hex(sm.wrap(fromHex('00B0000004')))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    expect(hex(sm.unwrap(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000')))).toBe('60145F019000');
    expect(hex(sm.wrap(fromHex('00B0000412')))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    expect(hex(sm.unwrap(fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000')))).toBe(
      '04303130365F36063034303030305C0261759000',
    );
    expect(hex(sm.ssc)).toBe('887022120C06C22C');
  });

  it('the chip side produces the published responses and accepts the published commands', () => {
    const card = new CardSecureMessaging(KEYS);
    const c1 = card.unwrapCommand(fromHex('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800'));
    expect(c1.ok && hex(c1.apdu.data)).toBe('011E');
    expect(hex(card.wrapResponse(new Uint8Array(0), 0x9000))).toBe('990290008E08FA855A5D4C50A8ED9000');
    const c2 = card.unwrapCommand(fromHex('0CB000000D9701048E08ED6705417E96BA5500'));
    expect(c2.ok && c2.apdu.ne).toBe(4);
    expect(hex(card.wrapResponse(fromHex('60145F01'), 0x9000))).toBe('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
  });

  it('every tampered byte of a protected response is card.sm-integrity, never data', () => {
    const good = fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');
    for (let i = 0; i < good.length - 2; i++) {
      const sm = new SecureMessaging(KEYS);
      sm.wrap(fromHex('00A4020C02011E'));
      sm.unwrap(fromHex('990290008E08FA855A5D4C50A8ED9000'));
      sm.wrap(fromHex('00B0000004'));
      const bad = Uint8Array.from(good);
      bad[i]! ^= 0x01;
      expect(() => sm.unwrap(bad), `byte ${i}`).toThrow(expect.objectContaining({ code: 'card.sm-integrity' }));
    }
  });

  it('a bare 9000 (MAC stripped) is rejected; a bare error status passes as a status only', () => {
    const sm = new SecureMessaging(KEYS);
    sm.wrap(fromHex('00B0000004'));
    expect(() => sm.unwrap(fromHex('9000'))).toThrow(expect.objectContaining({ code: 'card.sm-integrity' }));
    const sm2 = new SecureMessaging(KEYS);
    sm2.wrap(fromHex('00B0000004'));
    expect(hex(sm2.unwrap(fromHex('6A82')))).toBe('6A82');
  });

  it('a replayed response (old SSC) is rejected', () => {
    const sm = new SecureMessaging(KEYS);
    sm.wrap(fromHex('00A4020C02011E'));
    sm.unwrap(fromHex('990290008E08FA855A5D4C50A8ED9000'));
    sm.wrap(fromHex('00A4020C02011E'));
    expect(() => sm.unwrap(fromHex('990290008E08FA855A5D4C50A8ED9000'))).toThrow(expect.objectContaining({ code: 'card.sm-integrity' }));
  });
});

describe.each<CipherAlg>(['3DES', 'AES-128', 'AES-192', 'AES-256'])('round trip %s', (alg) => {
  const keyLen = alg === '3DES' ? 16 : alg === 'AES-128' ? 16 : alg === 'AES-192' ? 24 : 32;
  const keys = {
    alg,
    ksEnc: Uint8Array.from({ length: keyLen }, (_, i) => i * 7 + 1),
    ksMac: Uint8Array.from({ length: keyLen }, (_, i) => i * 13 + 5),
    ssc: new Uint8Array(alg === '3DES' ? 8 : 16),
  };
  it('commands with data/Le, odd INS and extended lengths survive both directions', () => {
    const reader = new SecureMessaging(keys);
    const card = new CardSecureMessaging(keys);
    const cases = [
      fromHex('00A4020C02011E'),
      fromHex('00B0000004'),
      fromHex('00B10000045402008000'),
      Uint8Array.from([0x00, 0xb0, 0x00, 0x00, 0x00, 0x04, 0x00]), // extended Le 1024
      Uint8Array.from([0x00, 0xd6, 0x00, 0x00, 0x00, 0x01, 0x2c, ...new Uint8Array(300).fill(0x5a)]),
    ];
    for (const plain of cases) {
      const cmd = card.unwrapCommand(reader.wrap(plain));
      expect(cmd.ok).toBe(true);
      const payload = Uint8Array.from({ length: plain[1] === 0xb0 ? 1000 : 3 }, (_, i) => i & 0xff);
      const back = reader.unwrap(card.wrapResponse(payload, 0x9000, plain[1]));
      expect(hex(back)).toBe(hex(payload) + '9000');
    }
    expect(reader.ssc).toEqual(Uint8Array.from({ length: keys.ssc.length }, (_, i) => (i === keys.ssc.length - 1 ? 10 : 0)));
  });

  it('the chip refuses a tampered command with 6988', () => {
    const reader = new SecureMessaging(keys);
    const card = new CardSecureMessaging(keys);
    const w = reader.wrap(fromHex('00B0000004'));
    w[w.length - 3]! ^= 0x80;
    expect(card.unwrapCommand(w)).toEqual({ ok: false, sw: 0x6988 });
  });
});

describe('fuzz: unwrap only ever returns verified data or throws KioskError', () => {
  it('random and mutated responses', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const good = fromHex('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000');
    let accepted = 0;
    for (let n = 0; n < 5000; n++) {
      const sm = new SecureMessaging({ ...KEYS, ssc: fromHex('887022120C06C22A') });
      sm.wrap(fromHex('00B0000412'));
      let input: Uint8Array;
      if (n % 2 === 0) {
        input = Uint8Array.from({ length: rnd() % 64 }, rnd);
        if (n % 4 === 0 && input.length > 0) input[0] = [0x87, 0x99, 0x8e, 0x85][rnd() % 4]!;
      } else {
        input = Uint8Array.from(good);
        const flips = 1 + (rnd() % 4);
        for (let f = 0; f < flips; f++) input[rnd() % (input.length - 2)] = rnd();
        if (rnd() % 3 === 0) input = input.subarray(0, rnd() % input.length);
      }
      try {
        const out = sm.unwrap(input);
        // Only a bare error status may pass without a MAC, and it carries no data.
        expect(out.length).toBe(2);
        accepted++;
      } catch (e) {
        expect(isKioskError(e), String(e)).toBe(true);
      }
    }
    expect(accepted).toBeLessThan(5000);
  });
});
