import { describe, expect, it } from 'vitest';
import { KioskError } from '../errors';
import { createDispatcher, type Handlers } from './dispatcher';
import { createKioskClient } from './client';
import type { ClientTransport } from './envelopes';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'kiosk.info': () => ({ kioskId: 'K1', centreName: 'Trung tâm', unitCode: 'U1', language: 'vi', version: '1.0.0', simulated: true }),
    'devices.list': () => [],
    'session.end': () => ({ cleared: true }),
    'identity.readCard': () => {
      throw new Error('no card in this test');
    },
    'tickets.services': () => [],
    'dossier.lookup': () => {
      throw new Error('no store in this test');
    },
    'simulation.lastTicket': () => ({ image: null }),
    'tickets.take': () => {
      throw new Error('no printer in this test');
    },
    'auth.unlock': () => {
      throw new Error('no PINs in this test');
    },
    'auth.lock': () => ({ locked: false }),
    'auth.status': () => ({ role: null, expiresAt: null, available: [], demoPins: false }),
    'technician.deviceTest': () => {
      throw new Error('no devices in this test');
    },
    'technician.logsExport': () => {
      throw new Error('no logs in this test');
    },
    'technician.config': () => ({ yaml: '' }),
    'speech.voices': () => ({ engine: null, languages: [] }),
    'speech.synthesize': () => ({ mimeType: 'audio/wav' as const, audioBase64: '', durationMs: 0 }),
    'alarms.active': () => ({ notify: [], active: [] }),
    'technician.events': () => ({ events: [] }),
    'technician.configSource': () => ({ file: null, yaml: '' }),
    'technician.configSave': () => {
      throw new Error('no config file in this test');
    },
    'technician.printerSettings': () => ({ darkness: null, cut: null, savedTo: null }),
    'technician.scanCalibration': () => {
      throw new Error('no scanner in this test');
    },
    'staff.outbox': () => ({ counts: { pending: 0, retrying: 0, dead: 0, deliveredToday: 0 }, link: 'not-configured', rows: [], omitted: 0, at: '2026-01-01T00:00:00.000Z' }),
    'staff.retry': () => ({ rescheduled: 0, link: 'not-configured', message: { vi: '', en: '' } }),
    'staff.resubmit': () => {
      throw new Error('no outbox in this test');
    },
    'staff.reprint': () => {
      throw new Error('no printer in this test');
    },
    'staff.queueToday': () => ({ day: '2026-01-01', services: [], totalIssued: 0 }),
    'staff.assist': () => ({ active: false, role: null, startedAt: null, lapsesAt: null }),
    'procedures.search': () => [],
    'procedures.places': () => [],
    'procedures.start': () => {
      throw new Error('no catalogue in this test');
    },
    'procedures.edit': () => {
      throw new Error('no draft in this test');
    },
    'procedures.review': () => {
      throw new Error('no draft in this test');
    },
    'dossier.submit': () => {
      throw new Error('no draft in this test');
    },
    'documents.list': () => {
      throw new Error('no draft in this test');
    },
    'documents.scan': () => {
      throw new Error('no scanner in this test');
    },
    'documents.remove': () => {
      throw new Error('no draft in this test');
    },
    'documents.cancel': () => ({ cancelled: false }),
    ...overrides,
  };
}

describe('dispatcher', () => {
  it('answers a declared channel with a validated result', async () => {
    const result = await createDispatcher(handlers())('kiosk.info', {});
    expect(result).toEqual({ ok: true, result: expect.objectContaining({ kioskId: 'K1', language: 'vi' }) });
  });

  it('refuses channels the contract does not declare, including prototype keys', async () => {
    for (const channel of ['nope', 'constructor', '__proto__', 42, null]) {
      const result = await createDispatcher(handlers())(channel, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('contract.unknown-channel');
    }
  });

  it('validates the request at the boundary and names the bad field', async () => {
    const result = await createDispatcher(handlers())('session.end', { reason: 'because' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('contract.invalid-request');
      expect(result.error.technicianMessage).toContain('reason');
    }
    const extra = await createDispatcher(handlers())('kiosk.info', { sneaky: 1 });
    expect(extra.ok).toBe(false);
  });

  it('catches an engine answer that breaks the contract', async () => {
    const bad = handlers({ 'kiosk.info': () => ({ kioskId: 7 }) as never });
    const result = await createDispatcher(bad)('kiosk.info', {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('contract.invalid-response');
  });

  it('turns thrown errors into KioskError data with a citizen message, keeping KioskError codes', async () => {
    const failing = handlers({
      'devices.list': () => {
        throw new KioskError({ code: 'device.gone', technicianMessage: 'x', citizenMessage: 'Thiết bị lỗi' });
      },
      'session.end': () => {
        throw new TypeError('boom');
      },
    });
    const dispatch = createDispatcher(failing);
    const a = await dispatch('devices.list', {});
    const b = await dispatch('session.end', { reason: 'finished' });
    expect(a).toEqual({ ok: false, error: { code: 'device.gone', technicianMessage: 'x', citizenMessage: 'Thiết bị lỗi', retryable: false } });
    expect(b.ok).toBe(false);
    if (!b.ok) {
      expect(b.error.code).toBe('internal.unexpected');
      expect(b.error.citizenMessage).toMatch(/thử lại/);
    }
  });
});

describe('client over an in-memory transport', () => {
  it('rethrows engine errors as KioskError and delivers only well-formed events', async () => {
    let emit: (event: string, payload: unknown) => void = () => undefined;
    const dispatch = createDispatcher(handlers({ 'devices.list': () => Promise.reject(new Error('down')) }));
    const transport: ClientTransport = {
      invoke: (channel, payload) => dispatch(channel, payload),
      onEvent: (listener) => {
        emit = listener;
        return () => undefined;
      },
    };
    const client = createKioskClient(transport);
    await expect(client.call('kiosk.info', {})).resolves.toMatchObject({ centreName: 'Trung tâm' });
    await expect(client.call('devices.list', {})).rejects.toBeInstanceOf(KioskError);

    const seen: string[] = [];
    client.on('card.inserted', (p) => seen.push(p.reader));
    emit('card.inserted', { reader: 'R1' });
    emit('card.inserted', { reader: 5 }); // malformed: dropped
    emit('unknown.event', { reader: 'R2' });
    expect(seen).toEqual(['R1']);
  });
});
