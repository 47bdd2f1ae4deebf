// Runs in: Node (tests). The scanimage output parsers: real captured shapes, then fuzz.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { buildScanArgs } from './sane';
import { errorFromScanimage, parseDeviceList, parseOptionHelp, parseStderrLine, resolutionAllowed, saneModeFor, saneSourceFor } from './sane-parse';

const EPSON_HELP = `
Options specific to device \`epson2:libusb:001:004':
  Scan Mode:
    --mode Lineart|Gray|Color [Lineart]
        Selects the scan mode.
    --resolution 75|150|300|600|1200dpi [75]
        Sets the resolution of the scanned image.
    --source Flatbed|Automatic Document Feeder [Flatbed]
    --adf-mode Simplex|Duplex [inactive]
  Geometry:
    -l 0..215.9mm [0]
`;

describe('scanimage parsers', () => {
  it('reads a device list in our -f format', () => {
    expect(parseDeviceList('test:0\tNoname\tfrontend-tester\tvirtual device\nbad line\n\n')).toEqual([
      { id: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device' },
    ]);
  });

  it('reads discrete resolutions, modes and sources', () => {
    const h = parseOptionHelp(EPSON_HELP);
    expect(h.capabilities.modes).toEqual(['lineart', 'gray', 'color']);
    expect(h.capabilities.sources).toEqual(['flatbed', 'adf']);
    expect(h.capabilities.resolutions).toEqual([75, 150, 300, 600, 1200]);
    expect(h.capabilities.optionNames).toEqual(['mode', 'resolution', 'source', 'adf-mode', 'l']);
    expect(resolutionAllowed(300, h.capabilities.resolutions)).toBe(true);
    expect(resolutionAllowed(200, h.capabilities.resolutions)).toBe(false);
    expect(saneModeFor('lineart', ['Binary', 'Gray'])).toBe('Binary');
    expect(saneSourceFor('adf', ['Flatbed', 'ADF Duplex', 'ADF Front'])).toBe('ADF Front');
    const args = buildScanArgs('epson2:x', { resolution: 300, mode: 'lineart', source: 'adf', format: 'tiff', maxPages: 5 }, h);
    expect(args).toEqual(expect.arrayContaining(['--mode=Lineart', '--source=Automatic Document Feeder', '--resolution=300', '--batch-count=5', '--format=tiff']));
    expect(() => buildScanArgs('epson2:x', { resolution: 200, mode: 'gray', source: 'flatbed', format: 'png' }, h)).toThrow(KioskError);
  });

  it('reads progress lines', () => {
    expect(parseStderrLine('Scanning page 12')).toEqual({ type: 'page-started', page: 12 });
    expect(parseStderrLine('Progress: 53.1%')).toEqual({ type: 'progress', percent: 53.1 });
    expect(parseStderrLine('Scanned page 2. (scanner status = 5)')).toEqual({ type: 'page-done', page: 2, status: 5 });
    expect(parseStderrLine('Batch terminated, 3 pages scanned')).toEqual({ type: 'batch-done', pages: 3 });
    expect(parseStderrLine('Output format is not set')).toBeUndefined();
  });

  it('maps scanimage failures to codes', () => {
    expect(errorFromScanimage('scanimage: open of device x failed: Invalid argument', 1, 'x').code).toBe('scanner.absent');
    expect(errorFromScanimage('scanimage: sane_read: Device busy', 3, 'x').code).toBe('scanner.busy');
    expect(errorFromScanimage('scanimage: sane_start: Document feeder out of documents', 7, 'x').code).toBe('scanner.feeder-empty');
    expect(errorFromScanimage('scanimage: sane_read: Error during device I/O', 9, 'x').code).toBe('scanner.io');
    expect(errorFromScanimage('', null, 'x').code).toBe('scanner.failed');
  });

  it('fuzz: random and mutated scanimage output never throws anything but a KioskError', () => {
    let seed = 1234;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const alphabet = ' \t\n\r|[]().-=:%0123456789abcdefghijklmnopqrstuvwxyzABCDEFGLMS`\'dpi';
    for (let i = 0; i < 3000; i++) {
      let text: string;
      if (i % 2) {
        const chars = [...EPSON_HELP];
        for (let k = 0; k < 1 + rnd() * 20; k++) chars[Math.floor(rnd() * chars.length)] = alphabet[Math.floor(rnd() * alphabet.length)]!;
        text = chars.join('');
      } else {
        text = Array.from({ length: Math.floor(rnd() * 200) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
      }
      const help = parseOptionHelp(text);
      expect(Array.isArray(help.capabilities.optionNames)).toBe(true);
      parseDeviceList(text);
      for (const line of text.split('\n')) parseStderrLine(line);
      expect(errorFromScanimage(text, 1, 'x')).toBeInstanceOf(KioskError);
      try {
        buildScanArgs('d', { resolution: 300, mode: 'gray', source: 'flatbed', format: 'png' }, help);
      } catch (e) {
        expect(e).toBeInstanceOf(KioskError);
      }
    }
  });
});
