// Runs in: Node (vitest). ICAO 9303-11 Appendix D.2/D.3 worked example, value by value.
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../crypto/bytes';
import type { CommandApdu, ResponseApdu } from '../iso7816/apdu';
import { encodeCommand } from '../iso7816/apdu';
import { bacAuthenticationData, bacCompleteSession, bacKeys, performBac } from './bac';
import { bacKeySeed, mrzInformation } from './keys';

const MRZ = { documentNumber: 'L898902C', dateOfBirth: '690806', dateOfExpiry: '940623' };
const RND_IC = fromHex('4608F91988702212');
const RND_IFD = fromHex('781723860C06C226');
const K_IFD = fromHex('0B795240CB7049B01C19B33E32804F0B');
const CHIP_ANSWER = fromHex('46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449');

describe('BAC (Appendix D)', () => {
  it('D.2 key seed and basic access keys', () => {
    expect(mrzInformation(MRZ)).toBe('L898902C<369080619406236');
    expect(hex(bacKeySeed(MRZ))).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const k = bacKeys(MRZ);
    expect(hex(k.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(k.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('D.3 E.IFD || M.IFD', () => {
    expect(hex(bacAuthenticationData(bacKeys(MRZ), RND_IC, RND_IFD, K_IFD))).toBe(
      '72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7',
    );
  });

  it('D.3 K.IC, session keys and SSC', () => {
    const s = bacCompleteSession(bacKeys(MRZ), RND_IC, RND_IFD, K_IFD, CHIP_ANSWER);
    expect(s).not.toBeNull();
    expect(hex(s!.kIc)).toBe('0B4F80323EB3191CB04970CB4052790B');
    expect(hex(s!.ksEnc)).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(hex(s!.ksMac)).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(hex(s!.ssc)).toBe('887022120C06C226');
  });

  it('rejects the answer under another MRZ key, or a flipped bit', () => {
    const other = bacKeys({ ...MRZ, dateOfBirth: '700101' });
    expect(bacCompleteSession(other, RND_IC, RND_IFD, K_IFD, CHIP_ANSWER)).toBeNull();
    const flipped = Uint8Array.from(CHIP_ANSWER);
    flipped[5]! ^= 1;
    expect(bacCompleteSession(bacKeys(MRZ), RND_IC, RND_IFD, K_IFD, flipped)).toBeNull();
  });

  it('performBac sends the published APDUs', async () => {
    const sent: string[] = [];
    const answers: ResponseApdu[] = [{ data: RND_IC, sw: 0x9000 }, { data: CHIP_ANSWER, sw: 0x9000 }];
    const send = async (cmd: CommandApdu): Promise<ResponseApdu> => {
      sent.push(hex(encodeCommand(cmd)));
      return answers.shift()!;
    };
    const rnd = [RND_IFD, K_IFD];
    const r = await performBac(send, MRZ, { bytes: () => rnd.shift()! });
    expect(sent).toEqual(['0084000008', '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728']);
    expect(hex(r.session.ssc)).toBe('887022120C06C226');
  });

  it('wrong key: chip refusal is card.wrong-key', async () => {
    const answers: ResponseApdu[] = [{ data: RND_IC, sw: 0x9000 }, { data: new Uint8Array(0), sw: 0x6300 }];
    await expect(performBac(async () => answers.shift()!, MRZ)).rejects.toMatchObject({ code: 'card.wrong-key' });
  });
});
