// Runs in: Node (vitest). The ISO 7816-4 layer against the file-system card in-process (the same
// applet the vpcd integration tests put behind pcscd): chunking, 61xx, 6Cxx, back-off, B1, SFI,
// status errors and the secure-messaging hook.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import type { CardApplet } from '../../simulators/card/applet';
import { createFileSystemApplet, type FileSystemAppletOptions } from '../../simulators/card/fs-applet';
import { EMRTD_AID, SAMPLE_FID, sampleFiles, tlvFile } from '../../simulators/card/sample-files';
import type { CardChannel } from '../transport/types';
import { decodeCommand, type CommandApdu, type ResponseApdu } from './apdu';
import { Iso7816Card, type ApduWrapper } from './card';

interface Traced extends CardChannel {
  log: CommandApdu[];
}

function channelTo(applet: CardApplet): Traced {
  const log: CommandApdu[] = [];
  return {
    atr: applet.atr,
    log,
    async transmit(bytes) {
      log.push(decodeCommand(bytes));
      return applet.process(bytes);
    },
  };
}

function sampleCard(options: Omit<FileSystemAppletOptions, 'files' | 'applications'> = {}) {
  const files = sampleFiles();
  const applet = createFileSystemApplet({ ...options, files: files.mf, applications: [{ aid: EMRTD_AID, files: files.app, sfi: files.sfi }] });
  const channel = channelTo(applet);
  return { files, applet, channel };
}

describe('Iso7816Card.readFile', () => {
  it('reads a 20 KB file in 0xDF chunks after an 8-byte read-ahead', async () => {
    const { files, channel } = sampleCard();
    const card = new Iso7816Card(channel);
    await card.selectApplication(EMRTD_AID);
    const data = await card.readFile({ fid: SAMPLE_FID.dg2 });
    expect(data).toEqual(files.app.get(SAMPLE_FID.dg2));
    const reads = channel.log.filter((c) => c.ins === 0xb0);
    expect(reads[0]!.le).toBe(8);
    expect(reads.slice(1, -1).every((c) => c.le === 0xdf)).toBe(true);
    expect(reads.length).toBe(1 + Math.ceil((20004 - 8) / 0xdf));
    // Offsets are contiguous: each read starts where the previous one ended.
    let expected = 0;
    for (const c of reads) {
      expect((c.p1 << 8) | c.p2).toBe(expected);
      expected += c.le!;
    }
  });

  it('reads by SFI: the first APDU carries the SFI in P1, later ones plain offsets', async () => {
    const { files, channel } = sampleCard();
    const card = new Iso7816Card(channel);
    await card.selectApplication(EMRTD_AID);
    const data = await card.readFile({ sfi: 0x0d });
    expect(data).toEqual(files.app.get(SAMPLE_FID.dg13));
    const reads = channel.log.filter((c) => c.ins === 0xb0);
    expect(reads[0]).toMatchObject({ p1: 0x8d, p2: 0 });
    expect(reads.slice(1).every((c) => (c.p1 & 0x80) === 0)).toBe(true);
    expect(channel.log.filter((c) => c.ins === 0xa4)).toHaveLength(1); // only the application
  });

  it('uses extended length and odd INS B1 with DO 54 above offset 0x7FFF', async () => {
    const { files, channel } = sampleCard({ extendedLength: true });
    const card = new Iso7816Card(channel, { maxReadLength: 16384 });
    await card.selectApplication(EMRTD_AID);
    const data = await card.readFile({ fid: SAMPLE_FID.large });
    expect(data).toEqual(files.app.get(SAMPLE_FID.large));
    const odd = channel.log.filter((c) => c.ins === 0xb1);
    expect(odd.length).toBeGreaterThan(0);
    for (const c of odd) {
      expect(c.data![0]).toBe(0x54);
      const offset = Number.parseInt(Buffer.from(c.data!.slice(2)).toString('hex'), 16);
      expect(offset).toBeGreaterThan(0x7fff);
    }
    expect(channel.log.filter((c) => c.ins === 0xb0 && ((c.p1 << 8) | c.p2) > 0x7fff)).toHaveLength(0);
  });

  it('backs off from 65536 to what the card accepts (6700) and keeps that size', async () => {
    const { files, channel } = sampleCard({ extendedLength: true, quirks: { maxReadLength: 1000 } });
    const card = new Iso7816Card(channel, { maxReadLength: 65536 });
    await card.selectApplication(EMRTD_AID);
    expect(await card.readFile({ fid: SAMPLE_FID.dg2 })).toEqual(files.app.get(SAMPLE_FID.dg2));
    expect(card.maxReadLength).toBe(512);
    expect(card.stats.readBackoffs).toBe(7); // 65536 … 1024 refused, 512 accepted
    const before = card.stats.readBackoffs;
    expect(await card.readFile({ fid: SAMPLE_FID.sod })).toEqual(files.app.get(SAMPLE_FID.sod));
    expect(card.stats.readBackoffs).toBe(before);
  });

  it('backs off on 6282 without data too', async () => {
    const { files, channel } = sampleCard({ quirks: { maxReadLength: 0x80, tooLongStatus: 0x6282 } });
    const card = new Iso7816Card(channel);
    await card.selectApplication(EMRTD_AID);
    expect(await card.readFile({ fid: SAMPLE_FID.dg13 })).toEqual(files.app.get(SAMPLE_FID.dg13));
    expect(card.maxReadLength).toBe(0x80);
  });

  it('follows 61xx with GET RESPONSE', async () => {
    const { files, channel } = sampleCard({ quirks: { useGetResponse61xx: true } });
    const card = new Iso7816Card(channel);
    await card.selectApplication(EMRTD_AID);
    expect(await card.readFile({ fid: SAMPLE_FID.sod })).toEqual(files.app.get(SAMPLE_FID.sod));
    const gets = channel.log.filter((c) => c.ins === 0xc0);
    expect(gets.length).toBe(channel.log.filter((c) => c.ins === 0xb0).length);
  });

  it('re-issues with the Le a 6Cxx names', async () => {
    const file = tlvFile(0x61, 91); // 93 bytes
    const tiny = Uint8Array.of(0x60, 0x02, 0xaa, 0xbb);
    const applet = createFileSystemApplet({ files: new Map([[0x0101, file], [0x011e, tiny]]), quirks: { require6CxxRetry: true } });
    const channel = channelTo(applet);
    const card = new Iso7816Card(channel);
    await card.selectFile(0x0101);
    expect(await card.readBinary(0, 0xdf)).toEqual(file);
    expect(channel.log.filter((c) => c.ins === 0xb0).map((c) => c.le)).toEqual([0xdf, 93]);
    channel.log.length = 0;
    expect(await card.readFile({ fid: 0x011e })).toEqual(tiny);
    expect(channel.log.filter((c) => c.ins === 0xb0).map((c) => c.le)).toEqual([8, 4]);
  });

  it('returns files shorter than the read-ahead', async () => {
    const tiny = Uint8Array.of(0x60, 0x02, 0xaa, 0xbb);
    const channel = channelTo(createFileSystemApplet({ files: new Map([[0x011e, tiny]]) }));
    expect(await new Iso7816Card(channel).readFile({ fid: 0x011e })).toEqual(tiny);
  });

  it('maps status words to KioskErrors', async () => {
    const { channel } = sampleCard({
      hooks: { checkAccess: (req) => (req.fid === SAMPLE_FID.dg2 && !req.secure ? 0x6982 : null) },
    });
    const card = new Iso7816Card(channel);
    await expect(card.selectApplication(Uint8Array.of(1, 2, 3, 4, 5))).rejects.toMatchObject({ code: 'card.file-not-found' });
    await card.selectApplication(EMRTD_AID);
    await expect(card.readFile({ fid: 0x0fff })).rejects.toMatchObject({ code: 'card.file-not-found' });
    await expect(card.readFile({ fid: SAMPLE_FID.dg2 })).rejects.toMatchObject({ code: 'card.access-denied' });
    await card.selectFile(SAMPLE_FID.dg1);
    await expect(card.readBinary(5000, 10)).rejects.toMatchObject({ code: 'card.offset-beyond-file' });
  });

  it('rejects a file whose header claims more than the limit', async () => {
    const huge = Uint8Array.of(0x75, 0x84, 0x10, 0, 0, 0, 1, 2);
    const card = new Iso7816Card(channelTo(createFileSystemApplet({ files: new Map([[0x0102, huge]]) })));
    const error = await card.readFile({ fid: 0x0102 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe('card.file-malformed');
  });
});

describe('ApduWrapper hook', () => {
  // A reversible toy protection (CLA bit 0x0C, data bytes XOR 0x5A) on both sides: enough to
  // prove every logical APDU passes through wrap/unwrap once, and GET RESPONSE stays below it.
  const xor = (b: Uint8Array | undefined) => (b ? b.map((x) => x ^ 0x5a) : b);

  function protectedPair() {
    let wraps = 0;
    let unwraps = 0;
    const wrapper: ApduWrapper = {
      wrap: (cmd) => {
        wraps++;
        return { ...cmd, cla: cmd.cla | 0x0c, ...(cmd.data ? { data: xor(cmd.data) } : {}) };
      },
      unwrap: (resp: ResponseApdu) => {
        unwraps++;
        return { data: xor(resp.data)!, sw: resp.sw };
      },
    };
    const files = sampleFiles();
    const applet = createFileSystemApplet({
      applications: [{ aid: EMRTD_AID, files: files.app, sfi: files.sfi }],
      quirks: { useGetResponse61xx: true },
      hooks: {
        secureMessaging: {
          unwrapCommand: (cmd) => ((cmd.cla & 0x0c) === 0x0c ? { ...cmd, cla: cmd.cla & ~0x0c, ...(cmd.data ? { data: xor(cmd.data) } : {}) } : null),
          wrapResponse: (resp) => ({ data: xor(resp.data)!, sw: resp.sw }),
        },
        checkAccess: (req) => (req.secure ? null : 0x6982),
      },
    });
    return { wrapper, applet, files, counts: () => ({ wraps, unwraps }) };
  }

  it('wraps each logical command and unwraps each chained response', async () => {
    const { wrapper, applet, files, counts } = protectedPair();
    const channel = channelTo(applet);
    const card = new Iso7816Card(channel);
    await card.selectApplication(EMRTD_AID);
    await expect(card.readFile({ fid: SAMPLE_FID.dg1 })).rejects.toMatchObject({ code: 'card.access-denied' });
    card.setWrapper(wrapper);
    expect(card.secureMessaging).toBe(true);
    expect(await card.readFile({ fid: SAMPLE_FID.dg13 })).toEqual(files.app.get(SAMPLE_FID.dg13));
    const logical = channel.log.filter((c) => c.ins !== 0xc0 && (c.cla & 0x0c) === 0x0c).length;
    expect(counts()).toEqual({ wraps: logical, unwraps: logical });
    expect(channel.log.filter((c) => c.ins === 0xc0).every((c) => c.cla === 0)).toBe(true);
    card.setWrapper(null);
    await expect(card.readFile({ fid: SAMPLE_FID.dg1 })).rejects.toMatchObject({ code: 'card.access-denied' });
  });
});

describe('hostile card', () => {
  it('fuzz: random and mutated responses end in data or a KioskError, never a hang or a crash', async () => {
    let seed = 2024;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const honest = createFileSystemApplet({ files: new Map([[0x0101, tlvFile(0x61, 300)]]), quirks: { useGetResponse61xx: true } });
    const statuses = [0x9000, 0x6282, 0x6700, 0x6b00, 0x6a82, 0x6982, 0x6100, 0x6110, 0x6c00, 0x6c05, 0x6f00];
    let ok = 0;
    for (let i = 0; i < 1500; i++) {
      let budget = 400;
      const channel: CardChannel = {
        atr: honest.atr,
        async transmit(bytes) {
          if (--budget < 0) throw new Error('reader looped without end');
          const real = honest.process(bytes);
          const r = rnd(5);
          if (r === 0) return Uint8Array.from({ length: rnd(12) }, () => rnd(256));
          if (r === 1) {
            const sw = statuses[rnd(statuses.length)]!;
            return Uint8Array.of(...real.slice(0, rnd(real.length)), sw >> 8, sw & 0xff);
          }
          return real.map((b) => (rnd(40) === 0 ? rnd(256) : b));
        },
      };
      honest.reset();
      try {
        const data = await new Iso7816Card(channel).readFile({ fid: 0x0101 });
        expect(data.length).toBeLessThanOrEqual(1 << 20);
        ok++;
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
    expect(ok).toBeGreaterThan(0);
  });
});
