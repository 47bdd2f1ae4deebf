import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { loadConfig, parseConfig } from './load';

function errorOf(fn: () => unknown): KioskError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KioskError) return error;
    throw error;
  }
  throw new Error('expected a KioskError');
}

describe('config', () => {
  it('runs every device on its simulator by default', () => {
    const config = parseConfig('', 'defaults');
    expect(config.devices.cardReader).toMatchObject({ driver: 'pcsc', simulate: true });
    expect(config.devices.printer).toMatchObject({ driver: 'escpos', simulate: true, uri: 'tcp://127.0.0.1:9100' });
    expect(config.upstream.simulate).toBe(true);
    expect(config.language).toBe('vi');
  });

  it('accepts a real-hardware file and keeps what it says', () => {
    const config = parseConfig(
      `kioskId: HN-BD-01
centre: { name: "Trung tâm PVHCC phường Ba Đình", unitCode: "000.01.01.H26" }
devices:
  cardReader: { driver: pcsc, reader: "ACS ACR1252", simulate: false }
  qrScanner: { driver: serial, port: /dev/ttyACM0, baud: 115200, terminator: CRLF, simulate: false }
  printer: { driver: escpos, uri: "serial:/dev/ttyUSB0?baud=115200", profile: 58mm, simulate: false }
upstream: { url: "https://dichvucong.example.gov.vn/api", credentialsRef: "file:/etc/motcua-kiosk/upstream.json", simulate: false }
`,
      'kiosk.yaml',
    );
    expect(config.devices.qrScanner).toMatchObject({ driver: 'serial', baud: 115200, terminator: 'CRLF' });
    expect(config.devices.printer?.profile).toBe('58mm');
    expect(config.upstream.credentialsRef).toBe('file:/etc/motcua-kiosk/upstream.json');
  });

  it('names the key and the reason for a wrong value', () => {
    const err = errorOf(() => parseConfig('devices:\n  printer: { uri: "http://printer" }\n', 'k.yaml'));
    expect(err.code).toBe('config.invalid');
    expect(err.technicianMessage).toContain('devices.printer.uri');
    expect(err.technicianMessage).toContain('tcp://host:9100');
    expect(err.citizenMessage).toMatch(/cán bộ/);
  });

  it('names misspelt keys instead of ignoring them', () => {
    const err = errorOf(() => parseConfig('devices:\n  printr: { uri: "tcp://x:9100" }\nlanguge: vi\n', 'k.yaml'));
    expect(err.technicianMessage).toContain('devices.printr: unknown key');
    expect(err.technicianMessage).toContain('languge: unknown key');
  });

  it('reports YAML syntax errors and non-mapping files', () => {
    expect(errorOf(() => parseConfig('devices: [unclosed', 'k.yaml')).code).toBe('config.syntax');
    expect(errorOf(() => parseConfig('kioskId: a\nkioskId: b\n', 'k.yaml')).code).toBe('config.syntax');
    expect(errorOf(() => parseConfig('- a\n- b\n', 'k.yaml')).code).toBe('config.invalid');
    expect(errorOf(() => parseConfig('upstream: { credentials: "hunter2" }', 'k.yaml')).technicianMessage).toContain('upstream.credentials: unknown key');
  });

  it('never crashes on garbage (fuzz)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'abc:{}[]-, \n\t"\'#&*!|>%@`0123456789devicesprinter';
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: Math.floor(rand() * 80) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      try {
        parseConfig(text, 'fuzz');
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
  });

  it('resolves the data directory against the config file and refuses a missing explicit file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-config-'));
    try {
      const file = path.join(dir, 'kiosk.config.yaml');
      writeFileSync(file, 'dataDir: state\n');
      const loaded = loadConfig(file);
      expect(loaded.dataDir).toBe(path.join(dir, 'state'));
      expect(loaded.file).toBe(file);
      expect(errorOf(() => loadConfig(path.join(dir, 'nope.yaml'))).code).toBe('config.missing');
      expect(loadConfig(undefined, dir).file).toBe(file);
      expect(loadConfig(undefined, tmpdir()).file).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
