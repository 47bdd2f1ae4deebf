// Runs in: Node (vitest). The file-system card at the byte level: status words a reader relies on,
// DO 53/54, SFI selection, 61xx, quirks, hooks, and a fuzz run (it must never throw).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../card-reader/iso7816/apdu';
import { createFileSystemApplet } from './fs-applet';
import { EMRTD_AID, SAMPLE_FID, sampleFiles, tlvFile } from './sample-files';
import { FrameDecoder, encodeFrame } from './vpcd';

const send = (applet: { process(c: Uint8Array): Uint8Array }, hex: string) => toHex(applet.process(fromHex(hex)));
const sw = (out: string) => out.slice(-4);

function sample(options: Parameters<typeof createFileSystemApplet>[0] = {}) {
  const f = sampleFiles();
  return { applet: createFileSystemApplet({ ...options, files: f.mf, applications: [{ aid: EMRTD_AID, files: f.app, sfi: f.sfi }] }), f };
}

describe('file-system applet', () => {
  it('selects by AID and FID, with 6A82 for unknown ones', () => {
    const { applet } = sample();
    expect(send(applet, '00A4040C07A0000002471002')).toBe('6A82');
    expect(send(applet, '00A4040C07A0000002471001')).toBe('9000');
    expect(send(applet, '00A4020C020101')).toBe('9000');
    expect(send(applet, '00A4020C020199')).toBe('6A82');
    // EF.CardAccess lives in the MF, not in the application.
    expect(send(applet, '00A4020C02011C')).toBe('6A82');
    expect(send(applet, '00A4000C023F00')).toBe('9000');
    expect(send(applet, '00A4020C02011C')).toBe('9000');
  });

  it('returns an FCP with the file size when asked', () => {
    const { applet } = sample();
    send(applet, '00A4040C07A0000002471001');
    expect(send(applet, '00A40204020102' + '00')).toBe('620A8004' + (20004).toString(16).toUpperCase().padStart(8, '0') + '830201029000');
  });

  it('answers SELECT MF with 6D00 when asked to behave like a CCCD', () => {
    const { applet } = sample({ quirks: { rejectSelectMf: true } });
    expect(send(applet, '00A4000C023F00')).toBe('6D00');
  });

  it('reads with offsets, ends with 6282, refuses offsets beyond the end with 6B00', () => {
    const { applet, f } = sample();
    const dg1 = f.app.get(SAMPLE_FID.dg1)!; // 93 bytes
    send(applet, '00A4040C07A0000002471001');
    send(applet, '00A4020C020101');
    expect(send(applet, '00B0000008')).toBe(toHex(dg1.slice(0, 8)) + '9000');
    expect(send(applet, '00B0005000')).toBe(toHex(dg1.slice(0x50)) + '6282');
    expect(send(applet, '00B0005D01')).toBe('6282');
    expect(send(applet, '00B0005E01')).toBe('6B00');
    expect(send(applet, '00B00000')).toBe('6700'); // no Le
  });

  it('answers READ BINARY without a current EF with 6986', () => {
    const { applet } = sample();
    send(applet, '00A4040C07A0000002471001');
    expect(send(applet, '00B0000004')).toBe('6986');
  });

  it('reads by SFI in P1 and selects the file', () => {
    const { applet, f } = sample();
    send(applet, '00A4040C07A0000002471001');
    const dg13 = f.app.get(SAMPLE_FID.dg13)!;
    expect(send(applet, '00B08D0010')).toBe(toHex(dg13.slice(0, 16)) + '9000');
    expect(send(applet, '00B0001010')).toBe(toHex(dg13.slice(16, 32)) + '9000');
    expect(send(applet, '00B0850010')).toBe('6A82'); // SFI 5 unmapped
  });

  it('reads with odd INS B1: offset in DO 54, data in DO 53, Le covering the DO header', () => {
    const { applet, f } = sample({ extendedLength: true });
    send(applet, '00A4040C07A0000002471001');
    send(applet, '00A4020C020110');
    const big = f.app.get(SAMPLE_FID.large)!;
    // 40004-byte file: 4 bytes left at 0x9C40, fewer than Ne asks -> 6282.
    expect(send(applet, '00B100000454029C40' + '12')).toBe('5304' + toHex(big.slice(0x9c40)) + '6282');
    expect(send(applet, '00B100000454028000' + '12')).toBe('5310' + toHex(big.slice(0x8000, 0x8010)) + '9000');
    expect(send(applet, '00B1001005' + '5403009000' + '12')).toBe('5310' + toHex(big.slice(0x9000, 0x9010)) + '9000'); // by SFI 0x10
    expect(send(applet, '00B100000455028000' + '12')).toBe('6A80'); // not DO 54
    expect(send(applet, '00B1000005' + '54030FFFFF' + '12')).toBe('6B00');
  });

  it('refuses extended APDUs unless enabled, and Ne above the maximum read length', () => {
    expect(send(sample().applet, '00B00000000100')).toBe('6700');
    const { applet } = sample({ extendedLength: true, quirks: { maxReadLength: 1000 } });
    send(applet, '00A4040C07A0000002471001');
    send(applet, '00A4020C020102');
    expect(sw(send(applet, '00B000000003E8'))).toBe('9000');
    expect(send(applet, '00B000000003E9')).toBe('6700');
  });

  it('hands data out through 61xx and GET RESPONSE', () => {
    const { applet, f } = sample({ quirks: { useGetResponse61xx: true } });
    send(applet, '00A4040C07A0000002471001');
    send(applet, '00A4020C020101');
    const dg1 = f.app.get(SAMPLE_FID.dg1)!;
    expect(send(applet, '00B0000020')).toBe('6120');
    expect(send(applet, '00C0000010')).toBe(toHex(dg1.slice(0, 16)) + '6110');
    expect(send(applet, '00C0000010')).toBe(toHex(dg1.slice(16, 32)) + '9000');
    expect(send(applet, '00C0000010')).toBe('6985'); // nothing pending
  });

  it('answers 6Cxx for a short Ne past the end when asked to', () => {
    const applet = createFileSystemApplet({ files: new Map([[0x0101, tlvFile(0x61, 91)]]), quirks: { require6CxxRetry: true } });
    send(applet, '00A4020C020101');
    expect(send(applet, '00B0000000')).toBe('6C5D');
    expect(sw(send(applet, '00B000005D'))).toBe('9000');
  });

  it('runs unknown commands through the command hook and refuses the rest with 6D00', () => {
    const applet = createFileSystemApplet({ hooks: { command: (cmd) => (cmd.ins === 0x84 ? { data: new Uint8Array(cmd.le ?? 0).fill(7), sw: 0x9000 } : null) } });
    expect(send(applet, '0084000008')).toBe('07070707070707079000');
    expect(send(applet, '0088000000')).toBe('6D00');
  });

  it('fuzz: any bytes give a response with a status word, never an exception', () => {
    const { applet } = sample({ extendedLength: true, quirks: { useGetResponse61xx: true } });
    let seed = 11;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const seeds = ['00A4040C07A0000002471001', '00A4020C020110', '00B0000000', '00B100000454028000' + '12', '00C0000010', '00B08D0010'];
    for (let i = 0; i < 20000; i++) {
      const base = fromHex(seeds[rnd(seeds.length)]!);
      const bytes = rnd(4) === 0 ? Uint8Array.from({ length: rnd(16) }, () => rnd(256)) : base.map((b) => (rnd(6) === 0 ? rnd(256) : b));
      const out = applet.process(bytes);
      expect(out.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('vpcd framing', () => {
  it('reassembles frames split and merged across TCP reads', () => {
    const frames = [Uint8Array.of(0x04), fromHex('00A4040C07A0000002471001'), new Uint8Array(300).fill(9)];
    const stream = Buffer.concat(frames.map((f) => Buffer.from(encodeFrame(f))));
    for (const cut of [1, 2, 3, 7, 100]) {
      const decoder = new FrameDecoder();
      const out: Uint8Array[] = [];
      for (let at = 0; at < stream.length; at += cut) out.push(...decoder.push(stream.subarray(at, at + cut)));
      expect(out).toEqual(frames);
    }
  });
});
