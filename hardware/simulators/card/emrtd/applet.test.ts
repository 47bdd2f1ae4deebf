// Runs in: Node (vitest). The virtual eMRTD chip on its own: access rules, the chip side of the
// ICAO G.1 PACE transcript, BAC refusal, SM refusal of tampered commands, Active Authentication.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { performPace } from '../../../card-reader/access/pace';
import { activeAuthenticate, verifyRsa9796 } from '../../../card-reader/access/active-auth';
import { bigintToBytes, bytesToBigint, concat, fromHex, hex } from '../../../card-reader/crypto/bytes';
import { curveByParamId } from '../../../card-reader/crypto/ec';
import { sha1 } from '../../../card-reader/crypto/hash';
import { decodeResponse, encodeCommand, type CommandApdu } from '../../../card-reader/iso7816/apdu';
import { Iso7816Card } from '../../../card-reader/iso7816/card';
import { bits, int, oid, seq } from '../../../card-reader/lds/der';
import { Iso7816SmWrapper } from '../../../card-reader/sm/iso7816-wrapper';
import { SecureMessaging } from '../../../card-reader/sm/secure-messaging';
import { encodeTlv } from '../../../card-reader/sm/tlv';
import { cardAccessFor, createEmrtdApplet, EMRTD_AID, fidForDg } from './applet';
import { protocolFixtureFiles } from './protocol-fixture';

const MRZ = { documentNumber: 'T22000129', dateOfBirth: '640812', dateOfExpiry: '101031' };
const OID_AES128 = '0.4.0.127.0.7.2.2.4.2.2';
const run = (applet: { process(c: Uint8Array): Uint8Array }, h: string): string => hex(applet.process(fromHex(h)));

describe('access rules', () => {
  const applet = createEmrtdApplet({ files: protocolFixtureFiles(), can: '123456', mrzKey: MRZ, paceParams: { oid: OID_AES128, parameterId: 13 } });
  it('EF.CardAccess is readable in the clear, SELECT MF answers 6D00 like a CCCD', () => {
    applet.reset();
    expect(run(applet, '00A4000C023F00')).toBe('6D00');
    expect(run(applet, '00A4020C02011C')).toBe('9000');
    expect(fromHex(run(applet, '00B0000000'))).toEqual(concat(cardAccessFor({ oid: OID_AES128, parameterId: 13 }), Uint8Array.of(0x62, 0x82)));
    expect(hex(cardAccessFor({ oid: OID_AES128, parameterId: 13 }))).toBe('31143012060A04007F0007020204020202010202010D');
  });
  it('LDS files answer 6982 before access control', () => {
    applet.reset();
    expect(run(applet, '00A4040C07A0000002471001')).toBe('9000');
    expect(run(applet, '00A4020C02011E')).toBe('6982');
    expect(run(applet, '00B0810008')).toBe('6982');
  });
});

describe('chip side of ICAO 9303-11 Appendix G.1', () => {
  it('replays the published chip answers from the published chip secrets', async () => {
    const chipScalars = [BigInt('0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560'), BigInt('0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A')];
    const applet = createEmrtdApplet({
      files: protocolFixtureFiles(),
      can: '123456',
      mrzKey: MRZ,
      paceParams: { oid: OID_AES128, parameterId: 13 },
      random: { bytes: () => fromHex('3F00C4D39D153F2B2A214A078D899B22'), scalar: () => chipScalars.shift()! },
    });
    const answers: string[] = [];
    const send = async (cmd: CommandApdu) => {
      const r = applet.process(encodeCommand(cmd));
      answers.push(hex(r));
      return decodeResponse(r);
    };
    const ifd = [BigInt('0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99'), BigInt('0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595')];
    const result = await performPace(send, { kind: 'mrz', mrz: MRZ }, { oid: OID_AES128, parameterId: 13 }, { scalars: () => ifd.shift()! });
    expect(answers).toEqual([
      '9000',
      '7C12801095A3A016522EE98D01E76CB6B98B42C39000',
      '7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000',
      '7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000',
      '7C0A86083ABB9674BCE93C089000',
    ]);
    expect(hex(result.session.ksEnc)).toBe('F5F0E35C0D7161EE6724EE513A0D9A7F');
    // The session is live: a protected SELECT of the eMRTD application succeeds.
    const sm = new SecureMessaging(result.session);
    expect(hex(sm.unwrap(applet.process(sm.wrap(fromHex('00A4040C07A0000002471001')))))).toBe('9000');
  });

  it('refuses a wrong terminal token with 6300 and keeps the files closed', async () => {
    const applet = createEmrtdApplet({ files: protocolFixtureFiles(), can: '123456', mrzKey: MRZ, paceParams: { oid: OID_AES128, parameterId: 13 } });
    const send = async (cmd: CommandApdu) => decodeResponse(applet.process(encodeCommand(cmd)));
    await expect(performPace(send, { kind: 'can', can: '654321' }, { oid: OID_AES128, parameterId: 13 })).rejects.toMatchObject({ code: 'card.wrong-key' });
    expect(run(applet, '00A4040C07A0000002471001')).toBe('9000');
    expect(run(applet, '00A4020C02011E')).toBe('6982');
  });

  it('GA out of order or malformed is refused, never a crash', () => {
    const applet = createEmrtdApplet({ files: protocolFixtureFiles(), can: '123456', mrzKey: MRZ, paceParams: { oid: OID_AES128, parameterId: 13 } });
    expect(run(applet, '10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200')).toBe('6985');
    expect(run(applet, '0022C1A40F800A04007F00070202040202830101')).toBe('9000');
    expect(run(applet, '10860000047C0281FF00')).toBe('6A80');
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 2000; i++) {
      const body = Uint8Array.from({ length: rnd() % 90 }, rnd);
      const cmd = concat(Uint8Array.of(rnd() & 1 ? 0x10 : 0x00, [0x86, 0x22, 0x82, 0x84, 0x88][rnd() % 5]!, 0xc1, 0xa4, body.length), body, Uint8Array.of(0));
      const r = applet.process(cmd);
      expect(r.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('secure messaging on the chip', () => {
  it('a command with a broken MAC gets 6988 and ends the session', async () => {
    const chipScalars = [3n, 5n];
    const applet = createEmrtdApplet({ files: protocolFixtureFiles(), can: '123456', mrzKey: MRZ, paceParams: { oid: OID_AES128, parameterId: 13 }, random: { bytes: (n) => new Uint8Array(n).fill(7), scalar: () => chipScalars.shift()! } });
    const send = async (cmd: CommandApdu) => decodeResponse(applet.process(encodeCommand(cmd)));
    const { session } = await performPace(send, { kind: 'can', can: '123456' }, { oid: OID_AES128, parameterId: 13 });
    const sm = new SecureMessaging(session);
    const bad = sm.wrap(fromHex('00A4040C07A0000002471001'));
    bad[bad.length - 2]! ^= 1;
    expect(hex(applet.process(bad))).toBe('6988');
    expect(run(applet, '00A4040C07A0000002471001')).toBe('9000');
    expect(run(applet, '00A4020C02011E')).toBe('6982');
  });
});

describe('Active Authentication', () => {
  it('ECDSA on brainpoolP256r1: the reader verifies the chip signature; a wrong DG15 key fails', async () => {
    const curve = curveByParamId(13);
    const scalar = 0x1234567890abcdefn;
    const spki = (point: Uint8Array): Uint8Array => seq(seq(oid('1.2.840.10045.2.1'), oid('1.3.36.3.3.2.8.1.1.7')), bits(point));
    const dg15 = encodeTlv(0x6f, spki(curve.Point.BASE.multiply(scalar).toBytes(false)));
    const files = protocolFixtureFiles();
    files.set(fidForDg(15), dg15);
    const applet = createEmrtdApplet({ files, can: '123456', mrzKey: MRZ, paceParams: { oid: OID_AES128, parameterId: 13 }, aaPrivateKey: { paramId: 13, scalar } });
    const card = new Iso7816Card({ atr: applet.atr, transmit: async (c) => applet.process(c) });
    const { session } = await performPace((c) => card.transmit(c), { kind: 'can', can: '123456' }, { oid: OID_AES128, parameterId: 13 });
    card.setWrapper(new Iso7816SmWrapper(session));
    await card.selectApplication(EMRTD_AID);
    expect(await activeAuthenticate(card, dg15)).toMatchObject({ status: 'verified', keyType: 'ec' });
    const otherKey = encodeTlv(0x6f, spki(curve.Point.BASE.multiply(scalar + 1n).toBytes(false)));
    expect(await activeAuthenticate(card, otherKey)).toMatchObject({ status: 'failed' });
  });

  it('RSA ISO 9796-2 scheme 1: genuine signature verifies, altered challenge or signature does not', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const b64 = (s: string): bigint => bytesToBigint(Uint8Array.from(Buffer.from(s, 'base64url')));
    const jwk = privateKey.export({ format: 'jwk' });
    const n = b64(jwk.n!);
    const d = b64(jwk.d!);
    const pubJwk = publicKey.export({ format: 'jwk' });
    const rsaPublicKey = seq(int(n), int(b64(pubJwk.e!)));
    const k = 128;
    const challenge = fromHex('0102030405060708');
    const m1 = Uint8Array.from({ length: k - 22 }, (_, i) => (i * 31) & 0xff);
    const f = concat(Uint8Array.of(0x6a), m1, sha1(concat(m1, challenge)), Uint8Array.of(0xbc));
    let pow = 1n;
    let base = bytesToBigint(f) % n;
    for (let e = d; e > 0n; e >>= 1n) {
      if (e & 1n) pow = (pow * base) % n;
      base = (base * base) % n;
    }
    const sig = bigintToBytes(pow, k);
    expect(verifyRsa9796(rsaPublicKey, challenge, sig)).toBe(true);
    expect(verifyRsa9796(rsaPublicKey, challenge, bigintToBytes(n - pow, k))).toBe(true);
    expect(verifyRsa9796(rsaPublicKey, fromHex('0102030405060709'), sig)).toBe(false);
    const bad = Uint8Array.from(sig);
    bad[10]! ^= 1;
    expect(verifyRsa9796(rsaPublicKey, challenge, bad)).toBe(false);
  });
});
