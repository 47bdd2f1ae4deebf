// Runs in: Node (vitest). Device alarm messages — shown to citizens in the alarm strip and to staff
// in their banner and panel — have an English entry (resources/i18n, section `alarms`), found by
// code or by the driver's Vietnamese text; a new alarm sentence without one fails here.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeAlarm, type PrinterAlarmCode } from '../../hardware/printer/status';
import { alarmText, keysOf, messageOf, CATALOGUES } from '../../src/renderer/i18n/messages';
import { alarmSites } from './citizen-errors';

const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

// Every printer alarm: a new code does not compile until it is listed here.
const PRINTER_CODES = Object.keys({
  'printer.paper-out': true,
  'printer.cover-open': true,
  'printer.paper-near-end': true,
  'printer.offline': true,
  'printer.error': true,
  'printer.job-uncertain': true,
} satisfies Record<PrinterAlarmCode, true>) as PrinterAlarmCode[];

describe('device alarm messages in every language', () => {
  it('translates every printer alarm, whose Vietnamese is the printer driver’s own text', () => {
    for (const code of PRINTER_CODES) {
      const alarm = makeAlarm(code);
      expect(messageOf('vi', `alarms.${code}`), code).toBe(alarm.staffMessage);
      const en = alarmText('en', { code, message: alarm.staffMessage });
      expect(en, code).not.toMatch(VIETNAMESE);
      expect(alarmText('vi', { code, message: alarm.staffMessage })).toBe(alarm.staffMessage);
    }
  });

  it('translates every alarm sentence written in a device status, whatever its code', () => {
    const sites = alarmSites(path.resolve(__dirname, '../..'));
    const literal = sites.filter((s) => s.text !== null);
    expect(literal.length).toBeGreaterThanOrEqual(3);
    const viTexts = keysOf(CATALOGUES.vi.alarms as never, 'alarms.').map((k) => messageOf('vi', k));
    expect(literal.filter((s) => !viTexts.includes(s.text!)).map((s) => `${s.where}: ${s.text}`)).toEqual([]);
    // The scanner uses one sentence for many codes: found by its text.
    expect(alarmText('en', { code: 'scanner.jammed', message: 'Máy quét cần được kiểm tra.' })).toBe('The scanner needs to be checked.');
  });

  it('keeps a message it does not know as the driver wrote it', () => {
    expect(alarmText('en', { code: 'x.unknown', message: 'Lạ.' })).toBe('Lạ.');
  });
});
