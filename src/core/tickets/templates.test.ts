// Runs in: Node (vitest). Templates as data, and the receipt QR payload format.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { loadTemplate, parseTemplate, renderTemplate } from './templates';
import { buildReceiptQrPayload, parseReceiptQrPayload } from './receipt-qr';
import { maskId, receiptValues } from './print';

const fields = {
  dossierCode: '000.00.10.H01-261123-0001',
  procedureCode: '1.001234',
  applicantId: '001234567890',
  documentName: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  sourceSystem: 'MOTCUA-KIOSK',
  issuedAt: '2026-11-23T10:10:00+07:00',
};

describe('receipt QR payload (MCR1)', () => {
  it('is ASCII, carries the six Circular 01/2023 fields, and parses back', () => {
    const p = buildReceiptQrPayload(fields);
    expect(p).toBe(
      'MCR1?dc=000.00.10.H01-261123-0001&pc=1.001234&id=001234567890&dn=Gi%E1%BA%A5y%20ti%E1%BA%BFp%20nh%E1%BA%ADn%20h%E1%BB%93%20s%C6%A1%20v%C3%A0%20h%E1%BA%B9n%20tr%E1%BA%A3%20k%E1%BA%BFt%20qu%E1%BA%A3&ss=MOTCUA-KIOSK&it=2026-11-23T10%3A10%3A00%2B07%3A00',
    );
    expect(/^[\x20-\x7e]+$/.test(p)).toBe(true);
    expect(parseReceiptQrPayload(p)).toEqual(fields);
    // Separators inside values survive.
    const tricky = { ...fields, dossierCode: 'A&B=C?D%' };
    expect(parseReceiptQrPayload(buildReceiptQrPayload(tricky)).dossierCode).toBe('A&B=C?D%');
    expect(buildReceiptQrPayload({ ...fields, issuedAt: new Date('2026-11-23T03:10:00Z') })).toContain('it=2026-11-23T10%3A10%3A00%2B07%3A00');
  });

  it('rejects empty fields, bad times and foreign payloads with a KioskError', () => {
    expect(() => buildReceiptQrPayload({ ...fields, procedureCode: ' ' })).toThrow(KioskError);
    expect(() => buildReceiptQrPayload({ ...fields, issuedAt: 'yesterday' })).toThrow(KioskError);
    for (const bad of ['https://example.vn', 'MCR1?dc=1', 'MCR1?dc=%E0%A4%A&pc=1&id=1&dn=1&ss=1&it=2026-01-01T00:00:00Z', 'MCR1?dc=1&dc=2']) {
      expect(() => parseReceiptQrPayload(bad)).toThrow(KioskError);
    }
  });
});

describe('ticket templates', () => {
  it('loads the bundled templates and fills placeholders', async () => {
    const tpl = loadTemplate('dossier-receipt');
    expect(tpl.blocks[0]).toMatchObject({ type: 'qr', align: 'left' }); // QR first = top-left
    const values = receiptValues({
      centreName: 'Trung tâm', dossierCode: fields.dossierCode, procedureCode: fields.procedureCode, procedureName: 'Đăng ký khai sinh',
      applicantName: 'Nguyễn Văn A', applicantId: fields.applicantId, receivedAt: '2026-11-23T03:10:00Z', appointmentDate: '2026-11-26',
    });
    expect(values.applicantIdMasked).toBe('001******890');
    expect(values.receivedAt).toBe('23/11/2026 10:10');
    expect(parseReceiptQrPayload(String(values.qrPayload))).toMatchObject({ applicantId: '001234567890', issuedAt: '2026-11-23T10:10:00+07:00' });
    const doc = await renderTemplate(tpl, values, { widthDots: 576 });
    const texts = doc.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
    expect(texts).toContain('Người nộp: Nguyễn Văn A');
    expect(texts.some((t) => t.includes('1234567890'))).toBe(false); // never the full ID in text
    expect(texts.some((t) => t.includes('{{'))).toBe(false);
    for (const name of ['queue-ticket', 'test-page']) expect(loadTemplate(name).name).toBe(name);
  });

  it('names the field in errors: bad schema and missing values', async () => {
    expect(() => parseTemplate({ name: 'x', blocks: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b', size: 'giant' }] })).toThrow(/blocks\.1\.size/);
    expect(() => parseTemplate({ name: 'x', blocks: [{ type: 'qr' }] })).toThrow(/blocks\.0\.data/);
    expect(() => parseTemplate('garbage')).toThrow(KioskError);
    const tpl = parseTemplate({ name: 'x', blocks: [{ type: 'text', text: 'Số {{number}}' }] });
    await expect(renderTemplate(tpl, {}, { widthDots: 576 })).rejects.toThrow(/"number"/);
    expect(() => loadTemplate('../etc/passwd')).toThrow(KioskError);
    expect(maskId('123')).toBe('***');
  });
});

describe('receipt QR parser fuzz', () => {
  it('returns a result or throws KioskError for thousands of mutated payloads', () => {
    const good = buildReceiptQrPayload(fields);
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'MCR1?&=%dcpinstE0A9z-:+ \u00e0\u1ea1\ufffd';
    for (let i = 0; i < 4000; i++) {
      const chars = [...good];
      for (let k = 0; k < 1 + rnd() * 5; k++) chars[Math.floor(rnd() * chars.length)] = alphabet[Math.floor(rnd() * alphabet.length)]!;
      const input = i % 5 === 0 ? chars.slice(0, Math.floor(rnd() * chars.length)).join('') : chars.join('');
      try {
        const r = parseReceiptQrPayload(input);
        expect(typeof r.dossierCode).toBe('string');
      } catch (e) {
        expect(e).toBeInstanceOf(KioskError);
      }
    }
  });
});

describe('template logo', () => {
  it('dithers a logo image from the template folder into a bitmap block', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const sharp = (await import('sharp')).default;
    const dir = mkdtempSync(path.join(tmpdir(), 'tpl-'));
    try {
      // Left half black, right half 50 % grey.
      const px = Buffer.alloc(200 * 50, 255);
      for (let y = 0; y < 50; y++) for (let x = 0; x < 200; x++) px[y * 200 + x] = x < 100 ? 0 : 128;
      await sharp(px, { raw: { width: 200, height: 50, channels: 1 } }).png().toFile(path.join(dir, 'logo.png'));
      const tpl = parseTemplate({ name: 'with-logo', blocks: [{ type: 'logo', file: 'logo.png', align: 'center' }] });
      const doc = await renderTemplate(tpl, {}, { widthDots: 576, dir });
      const block = doc.blocks[0]!;
      expect(block.type).toBe('image');
      if (block.type !== 'image') return;
      const { getPixel } = await import('../../../hardware/printer/bitmap');
      let left = 0;
      let right = 0;
      for (let y = 0; y < 50; y++) {
        for (let x = 0; x < 100; x++) {
          if (getPixel(block.bitmap, x, y)) left++;
          if (getPixel(block.bitmap, x + 100, y)) right++;
        }
      }
      expect(left).toBe(5000); // solid black stays solid
      expect(right / 5000).toBeGreaterThan(0.35); // grey is dithered to about half the dots
      expect(right / 5000).toBeLessThan(0.65);
      await expect(renderTemplate(parseTemplate({ name: 'x', blocks: [{ type: 'logo', file: 'missing.png' }] }), {}, { widthDots: 576, dir })).rejects.toMatchObject({ code: 'printer.image-invalid' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
