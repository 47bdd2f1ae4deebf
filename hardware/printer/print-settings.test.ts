// Runs in: Node (vitest). Darkness and cut: the encoder's bytes against the Epson reference
// (GS ( K fn 49) and the CSN-A2 command set (DC2 #), what a job carries for each setting, and the
// virtual printer reading them back the way a real printer would.
import { describe, expect, it } from 'vitest';
import * as esc from './escpos';
import { compileDocument, effectiveCut } from './document';
import { getProfile } from './profiles';
import { parseEscPos } from '../simulators/printer/parser';
import { PrinterModel, type Page } from '../simulators/printer/model';
import { inkLevel } from '../simulators/printer/render';
import { startVirtualPrinter } from '../simulators/printer/virtual-printer';
import Database from 'better-sqlite3-multiple-ciphers';
import { createPrinter } from './printer';
import { openJobStore } from './job-store';
import { printSettingsOf } from '../drivers';
import { printerConfigSchema } from '../../src/core/config/schema';
import { printTestPage } from '../../src/core/tickets/print';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const p80 = getProfile('generic-80');
const p58 = getProfile('generic-58');

function printed(chunks: Uint8Array[], widthDots = 576): Page[] {
  const pages: Page[] = [];
  const model = new PrinterModel(() => {}, (p) => pages.push(p), widthDots);
  for (const c of chunks) model.receive(c);
  // What the driver sends after the last chunk: ends a page that has no cut.
  model.receive(esc.paperSensorRequest());
  return pages;
}

describe('print density commands', () => {
  it('GS ( K fn 49: m = 250..255 below the standard, 0 standard, 1..6 above', () => {
    expect(hex(esc.densityGsParenK(0))).toBe('1d284b02003100');
    expect(hex(esc.densityGsParenK(-6))).toBe('1d284b020031fa');
    expect(hex(esc.densityGsParenK(-1))).toBe('1d284b020031ff');
    expect(hex(esc.densityGsParenK(6))).toBe('1d284b02003106');
  });

  it('DC2 #: n = 10 + step in the density bits, break time bits left at 0', () => {
    expect(hex(esc.densityDc2(0))).toBe('12230a');
    expect(hex(esc.densityDc2(-6))).toBe('122304');
    expect(hex(esc.densityDc2(6))).toBe('122310');
    expect(hex(esc.printDensity(2, 'dc2-hash'))).toBe('12230c');
  });

  it('refuses steps outside -6..+6 and non-integers', () => {
    for (const bad of [-7, 7, 0.5, Number.NaN]) {
      expect(() => esc.printDensity(bad)).toThrow(expect.objectContaining({ code: 'printer.bad-command' }));
    }
    expect(esc.darknessPercent(-6)).toBe(70);
    expect(esc.darknessPercent(4)).toBe(120);
  });

  it('the virtual printer parses both forms to the same percentage', () => {
    for (let step = -6; step <= 6; step++) {
      const [a] = parseEscPos(esc.densityGsParenK(step));
      const [b] = parseEscPos(esc.densityDc2(step));
      expect(a).toEqual({ kind: 'density', percent: 100 + 5 * step, command: 'gs-paren-K' });
      expect(b).toEqual({ kind: 'density', percent: 100 + 5 * step, command: 'dc2-hash' });
    }
    // DC2 split across two reads waits for its parameter instead of printing "#" as text.
    expect(parseEscPos(Uint8Array.of(0x12))).toEqual([]);
  });
});

describe('jobs compiled with print settings', () => {
  const doc = { blocks: [{ type: 'feed' as const, dots: 40 }, { type: 'darkness' as const, heightDots: 24 }] };

  it('no darkness set: nothing but ESC @ in front, the printer keeps its own density', async () => {
    const chunks = await compileDocument(doc, p80);
    expect(hex(chunks[0]!)).toBe('1b40');
    expect(printed(chunks)[0]!.density).toBe(100);
  });

  it('a darkness is sent right after ESC @ in every job and printed at that density', async () => {
    const dark = await compileDocument(doc, p80, { darkness: 4 });
    expect(hex(dark[0]!)).toBe('1b401d284b02003104');
    const light = await compileDocument(doc, p80, { darkness: -3, densityCommand: 'dc2-hash' });
    expect(hex(light[0]!)).toBe('1b40122307');
    // A later job with darkness 0 resets a printer a previous job left darker.
    const reset = await compileDocument(doc, p80, { darkness: 0 });
    const pages = printed([...dark, ...light, ...reset]);
    expect(pages.map((p) => p.density)).toEqual([120, 85, 100]);
    expect(inkLevel(85)).toBeGreaterThan(inkLevel(100));
    expect(inkLevel(120)).toBe(0);
  });

  it('cut follows the setting, never beyond a profile without cutter', async () => {
    const full = await compileDocument(doc, p80, { cut: 'full' });
    expect(hex(full.at(-1)!)).toBe('1d564160');
    const partial = await compileDocument(doc, p80);
    expect(hex(partial.at(-1)!)).toBe('1d564260');
    const none = await compileDocument(doc, p80, { cut: 'none' });
    expect(hex(none.at(-1)!)).toBe('1b4a60');
    expect(effectiveCut(p58, { cut: 'full' })).toBe('none');
    const pages = printed([...full, ...partial]);
    expect(pages.map((p) => [p.cut, p.complete])).toEqual([
      ['full', true],
      ['partial', true],
    ]);
    // Without a cut the page ends at the driver's end-of-job GS r 1, complete and uncut.
    const uncut = printed(none);
    expect(uncut).toHaveLength(1);
    expect(uncut[0]).toMatchObject({ cut: 'none', complete: true });
  });
});

describe('from the config to paper, over TCP', () => {
  it('the config\'s darkness and cut reach the virtual printer through the production driver', async () => {
    const conf = printerConfigSchema.parse({ uri: 'tcp://127.0.0.1:1', darkness: -2, darknessCommand: 'dc2-hash', cut: 'full' });
    expect(printSettingsOf(conf)).toEqual({ darkness: -2, densityCommand: 'dc2-hash', cut: 'full' });
    expect(() => printerConfigSchema.parse({ darkness: 9 })).toThrow();
    expect(() => printerConfigSchema.parse({ cut: 'half' })).toThrow();

    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    const db = new Database(':memory:');
    const printer = createPrinter(vp.uri, p80, { store: openJobStore(db), simulated: true, pollIntervalMs: 100, reconnectMs: 200, settings: printSettingsOf(conf) });
    try {
      await printer.start();
      const first = await printTestPage(printer, new Date('2026-11-23T03:00:00Z'));
      await printer.waitForJob(first.jobId);
      // A technician changes the settings: the next job carries the new ones.
      printer.setPrintSettings({ darkness: 3, cut: 'partial' });
      expect(() => printer.setPrintSettings({ darkness: 12 })).toThrow(expect.objectContaining({ code: 'printer.bad-command' }));
      const second = await printTestPage(printer, new Date('2026-11-23T03:01:00Z'));
      await printer.waitForJob(second.jobId);
      const pages = await vp.waitForJobs(2);
      expect(pages.map((p) => [p.density, p.cut, p.complete])).toEqual([
        [90, 'full', true],
        [115, 'partial', true],
      ]);
      // The page says what it was printed with, for the technician holding it.
      expect(pages[0]!.png.equals(pages[1]!.png)).toBe(false);
    } finally {
      await printer.stop();
      db.close();
      await vp.stop();
    }
  });
});
