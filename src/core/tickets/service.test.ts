// Runs in: Node (vitest). Queue tickets speak both of the kiosk's languages on screen: service
// names from the config (`{ vi, en }` or a plain Vietnamese string), and what to tell the citizen
// when the ticket did not come out — with the ESC/POS driver printing to the virtual printer.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAlarm, type PrinterAlarmCode } from '../../../hardware/printer/status';
import { createPrinter, type Printer } from '../../../hardware/printer/printer';
import { openJobStore } from '../../../hardware/printer/job-store';
import { getProfile } from '../../../hardware/printer/profiles';
import { startVirtualPrinter, type VirtualPrinter } from '../../../hardware/simulators/printer/virtual-printer';
import en from '../../../resources/i18n/en.json';
import vi from '../../../resources/i18n/vi.json';
import { ticketRequests } from '../../shared/contract/tickets';
import { kioskConfigSchema, type KioskConfig } from '../config/schema';
import { parseConfig } from '../config/load';
import { PRINT_NOTES_EN, printerCitizenText, printerStaffText } from './print-notes';
import { openQueueNumbers, type QueueNumbers } from './queue-numbers';
import { TicketService } from './service';
import { untranslatedServices, untranslatedWarning } from './service-names';

const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
const CODES = Object.keys(PRINT_NOTES_EN.staff) as PrinterAlarmCode[];

const config = (services: string): KioskConfig => parseConfig(`queue:\n  services:\n${services}`, 'test.yaml');

describe('queue service names', () => {
  it('a config may name a service in both languages or, as before, in Vietnamese only', () => {
    const c = config('    - { code: HT, name: { vi: Hộ tịch, en: Civil status } }\n    - { code: DD, name: Đất đai }\n');
    const service = new TicketService(c, () => openQueueNumbers(new Database(':memory:')), () => undefined);
    const services = service.services();
    expect(services).toEqual([
      { code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' } },
      // No English given: the English screen shows the centre's Vietnamese name rather than nothing.
      { code: 'DD', name: { vi: 'Đất đai', en: 'Đất đai' } },
    ]);
    expect(() => ticketRequests['tickets.services'].response.parse(services)).not.toThrow();
    expect(untranslatedServices(c.queue.services)).toEqual(['DD']);
    expect(untranslatedWarning(c.queue.services)).toContain('queue.services DD: name has no English');
  });

  it('an English name without the Vietnamese, or an unknown key, is refused with the key named', () => {
    expect(() => config('    - { code: HT, name: { en: Civil status } }\n')).toThrow(/queue\.services\.0\.name/);
    expect(() => config('    - { code: HT, name: { vi: Hộ tịch, en: Civil status, fr: État civil } }\n')).toThrow(/queue\.services\.0\.name/);
  });

  it('the built-in services all have English', () => {
    const defaults = kioskConfigSchema.parse({});
    expect(untranslatedWarning(defaults.queue.services)).toBeNull();
    for (const s of defaults.queue.services) {
      if (typeof s.name === 'string') throw new Error(`${s.code} has no English`);
      expect(s.name.en, s.code).not.toMatch(VIETNAMESE);
    }
  });
});

describe('print notes', () => {
  it('every printer alarm the citizen is told about has English, and staff read the same English as the alarm strip', () => {
    for (const code of CODES) {
      const alarm = makeAlarm(code);
      const citizen = printerCitizenText(alarm);
      expect(citizen.en.trim(), code).not.toBe('');
      expect(citizen.en, code).not.toMatch(VIETNAMESE);
      if (alarm.citizenMessage) expect(citizen.vi, code).toBe(alarm.citizenMessage);
      const staff = printerStaffText(alarm);
      expect(staff.vi, code).toBe(alarm.staffMessage);
      const key = code.split('.')[1] as keyof typeof en.alarms.printer;
      // resources/i18n says the same alarm in the same words (alarm strip, staff banner).
      expect(vi.alarms.printer[key], code).toBe(alarm.staffMessage);
      expect(staff.en, code).toBe(en.alarms.printer[key]);
    }
    for (const text of PRINT_NOTES_EN.notPrinted) expect(text).not.toMatch(VIETNAMESE);
    expect(printerCitizenText(undefined).en).toBe('The printer could not print your ticket yet.');
  });
});

describe('TicketService', () => {
  let vp: VirtualPrinter;
  let printer: Printer;
  let printerDb: Database.Database;
  let queueDb: Database.Database;
  let tickets: TicketService;
  let numbers: QueueNumbers;

  beforeAll(async () => {
    vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    printerDb = new Database(':memory:');
    printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(printerDb), simulated: true, pollIntervalMs: 100, reconnectMs: 200 });
    await printer.start();
    queueDb = new Database(':memory:');
    numbers = openQueueNumbers(queueDb);
    tickets = new TicketService(config('    - { code: HT, name: { vi: Hộ tịch, en: Civil status } }\n'), () => numbers, () => printer);
  }, 30_000);

  afterAll(async () => {
    await printer?.stop();
    printerDb?.close();
    queueDb?.close();
    await vp?.stop();
  });

  it('a printed ticket carries the service name in both languages and no note', async () => {
    const before = vp.jobs().length;
    const ticket = await tickets.take('HT');
    expect(ticket).toMatchObject({ serviceCode: 'HT', serviceName: { vi: 'Hộ tịch', en: 'Civil status' }, number: 1, print: 'printed' });
    expect(ticket.printMessage).toBeUndefined();
    expect(() => ticketRequests['tickets.take'].response.parse(ticket)).not.toThrow();
    expect((await vp.waitForJobs(before + 1)).length).toBe(before + 1);
  }, 30_000);

  it('with the paper out, the number is kept and the citizen is told why in either language', async () => {
    vp.paperOut(true);
    try {
      const deadline = Date.now() + 10_000;
      while (!printer.alarms().some((a) => a.code === 'printer.paper-out') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // A wait far longer than the test may run: the paper-out alarm, not the wait, must end it.
      const patient = new TicketService(config('    - { code: HT, name: { vi: Hộ tịch, en: Civil status } }\n'), () => numbers, () => printer, 3_600_000);
      const ticket = await patient.take('HT');
      expect(ticket).toMatchObject({ number: 2, print: 'pending' });
      expect(ticket.printMessage).toEqual({
        vi: 'Máy in đang hết giấy. Cán bộ sẽ hỗ trợ trong giây lát, xin vui lòng chờ. Xin ông/bà ghi nhớ số thứ tự trên màn hình.',
        en: 'The printer is out of paper. A staff member will help you shortly; please wait. Please note the queue number on the screen.',
      });
    } finally {
      vp.paperOut(false);
    }
  }, 20_000);

  it('without a printer the number is on screen only, and the note says so in both languages', async () => {
    const numbers = openQueueNumbers(new Database(':memory:'));
    const noPrinter = new TicketService(config('    - { code: HT, name: Hộ tịch }\n'), () => numbers, () => undefined);
    const ticket = await noPrinter.take('HT');
    expect(ticket).toMatchObject({ serviceName: { vi: 'Hộ tịch', en: 'Hộ tịch' }, print: 'no-printer' });
    expect(ticket.printMessage).toEqual({ vi: 'Xin ông/bà ghi nhớ số thứ tự trên màn hình.', en: 'Please note the queue number on the screen.' });
    await expect(noPrinter.take('XX')).rejects.toMatchObject({ code: 'queue.unknown-service' });
  });
});
