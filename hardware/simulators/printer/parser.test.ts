// Runs in: Node (vitest). The virtual printer's ESC/POS parser: round trip with our encoder, split
// streams, and a fuzz run (only KioskError may escape).
import { describe, expect, it } from 'vitest';
import * as esc from '../../printer/escpos';
import { KioskError } from '../../../src/shared/errors';
import { EscPosStreamParser, parseEscPos, type EscPosEvent } from './parser';
import { PrinterModel } from './model';

const sample = (): Uint8Array =>
  esc.concat([
    esc.initialize(),
    esc.align('center'),
    esc.bold(true),
    new TextEncoder().encode('KIOSK'),
    Uint8Array.of(esc.LF),
    esc.qrCode('Mã hồ sơ: 000.00.10.H01', { ecLevel: 'H', moduleSize: 4 }),
    esc.rasterImage({ width: 16, height: 3, data: Uint8Array.of(1, 2, 3, 4, 5, 6) }),
    esc.barcode('CODE39', 'ABC-123'),
    esc.statusRequest(2),
    esc.cut('partial', 50),
  ]);

describe('ESC/POS stream parser', () => {
  it('recovers every command the encoder wrote', () => {
    const ev = parseEscPos(sample());
    const kinds = ev.map((e) => e.kind);
    expect(kinds).toEqual(['init', 'align', 'bold', 'text', 'lf', 'qr-model', 'qr-module', 'qr-ec', 'qr-store', 'qr-print', 'raster', 'barcode-height', 'barcode-width', 'barcode-hri', 'barcode', 'status-request', 'cut']);
    const store = ev.find((e) => e.kind === 'qr-store') as Extract<EscPosEvent, { kind: 'qr-store' }>;
    expect(Buffer.from(store.data).toString('utf8')).toBe('Mã hồ sơ: 000.00.10.H01');
    const raster = ev.find((e) => e.kind === 'raster') as Extract<EscPosEvent, { kind: 'raster' }>;
    expect([raster.width, raster.height, [...raster.data]]).toEqual([16, 3, [1, 2, 3, 4, 5, 6]]);
    expect(ev.at(-1)).toEqual({ kind: 'cut', partial: true, feed: 50 });
  });

  it('gives the same events however the stream is split (text may arrive in pieces)', () => {
    const bytes = sample();
    const norm = (ev: EscPosEvent[]) => {
      const merged: EscPosEvent[] = [];
      for (const e of ev) {
        const last = merged.at(-1);
        if (e.kind === 'text' && last?.kind === 'text') merged[merged.length - 1] = { kind: 'text', bytes: esc.concat([last.bytes, e.bytes]) };
        else merged.push(e);
      }
      return merged;
    };
    const whole = JSON.stringify(parseEscPos(bytes), (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v));
    for (let cut = 1; cut < bytes.length; cut += 3) {
      const p = new EscPosStreamParser();
      const ev = norm([...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))]);
      expect(JSON.stringify(ev, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))).toBe(whole);
      expect(p.pending).toBe(0);
    }
  });

  it('refuses absurd lengths with a KioskError instead of buffering gigabytes', () => {
    expect(() => parseEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0, 0xff, 0xff, 0xff, 0xff))).toThrow(KioskError);
  });

  it('fuzz: random and mutated streams only ever yield events or KioskError', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const base = sample();
    const answers: number[] = [];
    for (let i = 0; i < 3000; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) {
        input = Uint8Array.from({ length: Math.floor(rnd() * 200) }, () => (rnd() < 0.3 ? [0x1b, 0x1d, 0x10, 0x0a, 0x28, 0x6b][Math.floor(rnd() * 6)]! : Math.floor(rnd() * 256)));
      } else {
        input = base.slice();
        for (let k = 0; k < 1 + rnd() * 6; k++) input[Math.floor(rnd() * input.length)] = Math.floor(rnd() * 256);
        if (rnd() < 0.3) input = input.slice(0, Math.floor(rnd() * input.length));
      }
      const model = new PrinterModel((b) => answers.push(...b), () => {}, 576);
      const parser = new EscPosStreamParser();
      for (const target of [parser, model] as const) {
        try {
          if (target instanceof PrinterModel) target.receive(input);
          else target.push(input);
        } catch (e) {
          expect(e).toBeInstanceOf(KioskError);
        }
      }
    }
    // Every status answer is a well-formed status byte.
    expect(answers.every((b) => (b & 0x93) === 0x12 || b <= 0x0f)).toBe(true);
  });
});

describe('virtual printer mechanism', () => {
  it('answers DLE EOT with the simulated state and holds print data while out of paper', () => {
    const replies: number[] = [];
    const pages: { complete: boolean }[] = [];
    const m = new PrinterModel((b) => replies.push(...b), (p) => pages.push(p), 576);
    m.receive(esc.concat([esc.statusRequest(1), esc.statusRequest(2), esc.statusRequest(4)]));
    expect(replies).toEqual([0x12, 0x12, 0x12]);
    m.setPaperOut(true);
    m.receive(esc.concat([esc.statusRequest(1), esc.statusRequest(2), esc.statusRequest(4)]));
    expect(replies.slice(3)).toEqual([0x1a, 0x32, 0x7e]);
    m.receive(esc.concat([esc.initialize(), esc.feedDots(10), esc.cut('partial')]));
    expect(pages).toHaveLength(0); // held, not printed
    m.setPaperOut(false);
    expect(pages).toEqual([expect.objectContaining({ complete: true })]);
    // Held data cleared by DLE DC4 8 is never printed.
    m.setCoverOpen(true);
    m.receive(esc.concat([esc.initialize(), esc.feedDots(10), esc.cut('partial'), esc.clearBuffers()]));
    m.setCoverOpen(false);
    expect(pages).toHaveLength(1);
    expect(m.statusByte(2)).toBe(0x12);
  });

  it('tears the page when the roll ends mid-ticket', () => {
    const pages: { complete: boolean; heightDots: number }[] = [];
    const m = new PrinterModel(() => {}, (p) => pages.push(p), 576);
    m.paperLeftDots = 100;
    m.receive(esc.concat([esc.initialize(), esc.rasterImage({ width: 8, height: 60, data: new Uint8Array(60).fill(0xff) }), esc.rasterImage({ width: 8, height: 60, data: new Uint8Array(60).fill(0xff) }), esc.cut('partial')]));
    expect(pages).toEqual([expect.objectContaining({ complete: false, heightDots: 100 })]);
    expect(m.state.paperOut).toBe(true);
  });
});
