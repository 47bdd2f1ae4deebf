import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { closeLogging, configureLogging, createRootLogger, getLogger } from './logger';
import { isPersonalKey, redact, scrubString } from './redact';

// A fictional citizen: every one of these strings must never appear in a log.
const PII = {
  idNumber: '001203004567',
  oldId: '123456789',
  fullName: 'Nguyễn Thị Hồng Nhung',
  dob: '15/08/1962',
  dobCompact: '15081962',
  isoDob: '1962-08-15',
  address: 'Thôn Đông, xã Hòa Bình, huyện Kim Bôi, tỉnh Hòa Bình',
  phone: '0912345678',
  mrz: 'IDVNM2030045673001203004567<<7',
  face: Buffer.alloc(4096, 0xab),
  faceBase64: Buffer.alloc(600, 7).toString('base64'),
};
const secrets = [PII.idNumber, PII.oldId, PII.fullName, 'Hồng Nhung', PII.dob, PII.dobCompact, PII.isoDob, PII.address, 'Kim Bôi', PII.phone, PII.mrz, PII.faceBase64.slice(0, 60), 'abababab'];

function capture(): { sink: Writable; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { sink, text: () => chunks.join('') };
}

function exerciseEveryPath(log: ReturnType<typeof createRootLogger>) {
  // structured fields, under personal and innocent keys
  log.info({ citizen: { fullName: PII.fullName, dateOfBirth: PII.dob, address: PII.address, face: PII.face } }, 'identity read');
  log.info({ note: `read card ${PII.idNumber} of ${PII.dob}`, value: PII.mrz, list: [PII.phone, PII.oldId], blob: PII.faceBase64 }, 'fields');
  // message strings and printf interpolation
  log.warn(`lookup failed for ${PII.idNumber} born ${PII.dobCompact} (${PII.isoDob})`);
  log.warn('citizen %s phone %s mrz %s', PII.idNumber, PII.phone, PII.mrz);
  log.warn('object %o', { hoTen: PII.fullName, diaChi: PII.address });
  // errors: plain, KioskError, with causes, thrown by parsers quoting their input
  log.error({ err: new Error(`bad DG13 for ${PII.idNumber}: ${PII.address}`) }, 'parse failed');
  log.error(new KioskError({ code: 'card.x', technicianMessage: `MRZ ${PII.mrz}`, cause: new Error(PII.fullName) }));
  // child loggers with bindings
  log.child({ module: 'forms', applicantName: PII.fullName, cccd: PII.idNumber }).info('draft saved');
  // Buffers straight in
  log.debug({ apdu: PII.face }, 'apdu');
}

describe('PII redaction', () => {
  it('never writes personal data through any log path (in-memory sink)', () => {
    const { sink, text } = capture();
    const log = createRootLogger({ level: 'trace', sink });
    exerciseEveryPath(log);
    const out = text();
    expect(out.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(9);
    for (const secret of secrets) expect(out, `leaked ${secret}`).not.toContain(secret);
    // …while keeping what a technician needs
    expect(out).toContain('identity read');
    expect(out).toContain('"code":"card.x"');
    expect(out).toContain('"module":"forms"');
    expect(out).toContain('[redacted]');
    expect(out).toContain('[id]');
  });

  it('writes rotating files with the same guarantee', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-log-'));
    try {
      configureLogging({ dir, level: 'trace', maxSize: '1K', maxFiles: 3 });
      const log = getLogger('test');
      for (let i = 0; i < 20; i++) log.info({ i, fullName: PII.fullName, idNumber: PII.idNumber }, `entry ${i} about ${PII.idNumber} ${'x'.repeat(100)}`);
      await new Promise((r) => setTimeout(r, 300));
      const files = readdirSync(dir).filter((f) => f.endsWith('kiosk.log'));
      expect(files.length).toBeGreaterThan(1); // rotated
      expect(files.length).toBeLessThanOrEqual(4); // current + maxFiles
      const all = files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
      expect(all).toContain('"module":"test"');
      for (const secret of secrets) expect(all).not.toContain(secret);
    } finally {
      await closeLogging();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recognises personal keys in any casing and leaves technical ones alone', () => {
    for (const key of ['fullName', 'full_name', 'hoTen', 'dateOfBirth', 'ngaySinh', 'placeOfResidence', 'motherName', 'idNumber', 'can', 'faceImage', 'phone']) {
      expect(isPersonalKey(key), key).toBe(true);
    }
    for (const key of ['code', 'module', 'state', 'channel', 'reader', 'ms', 'bytes', 'dossierCode', 'kioskId', 'scanner', 'canonical']) {
      expect(isPersonalKey(key), key).toBe(false);
    }
  });

  it('scrubs shapes of personal data but keeps timestamps, ports and dossier codes readable', () => {
    expect(scrubString('id 001203004567 ok')).toBe('id [id] ok');
    expect(scrubString('at 2026-11-23T10:00:00.000Z on port 9100')).toBe('at 2026-11-23T10:00:00.000Z on port 9100');
    expect(scrubString('dossier 000.00.00.H00-261123-0001')).toContain('261123-0001');
    expect(redact({ a: { b: { fullName: 'X' } } })).toEqual({ a: { b: { fullName: '[redacted]' } } });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => redact(circular)).not.toThrow();
  });
});
