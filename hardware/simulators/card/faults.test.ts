// Runs in: Node (vitest). The fault parser and planner of the virtual chip.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { otherCan, otherMrzKey } from './emrtd';
import { cardReaderConfigSchema, SIMULATED_CARD_FAULTS } from '../../../src/core/config/schema';
import { CARD_PROFILES, FAULT_DEFAULTS, FAULT_NAMES, describeFaults, parseFaults, parseProfile, planFaults, takeRepeatedFlag } from './faults';

describe('parseFaults', () => {
  it('parses every fault with and without a value', () => {
    expect(parseFaults(['removed-mid-read', 'corrupt-mac', 'wrong-key', 'slow', 'small-reads', 'bad-hash'])).toEqual([
      { kind: 'removed-mid-read', apduNumber: FAULT_DEFAULTS.removedAtApdu },
      { kind: 'corrupt-mac', responseNumber: FAULT_DEFAULTS.corruptMacAt },
      { kind: 'wrong-key' },
      { kind: 'slow', ms: FAULT_DEFAULTS.slowMs },
      { kind: 'small-reads', bytes: FAULT_DEFAULTS.smallReadBytes },
      { kind: 'bad-hash', dataGroup: FAULT_DEFAULTS.badHashDataGroup },
    ]);
    expect(parseFaults(['removed-mid-read=7,corrupt-mac=2', ' slow=0 , small-reads=65536', 'BAD-HASH=2'])).toEqual([
      { kind: 'removed-mid-read', apduNumber: 7 },
      { kind: 'corrupt-mac', responseNumber: 2 },
      { kind: 'slow', ms: 0 },
      { kind: 'small-reads', bytes: 65536 },
      { kind: 'bad-hash', dataGroup: 2 },
    ]);
    expect(parseFaults([])).toEqual([]);
    expect(parseFaults(['', ','])).toEqual([]);
  });

  it('names the valid faults when one is unknown', () => {
    const err = (() => {
      try {
        parseFaults(['slow,removed']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(KioskError);
    expect(err).toMatchObject({ code: 'sim.unknown-fault' });
    for (const name of FAULT_NAMES) expect((err as KioskError).technicianMessage).toContain(name);
    expect((err as KioskError).technicianMessage).toContain('"removed"');
  });

  it.each([
    ['removed-mid-read=0', 'sim.bad-fault'],
    ['corrupt-mac=-1', 'sim.bad-fault'],
    ['slow=fast', 'sim.bad-fault'],
    ['slow=60001', 'sim.bad-fault'],
    ['small-reads=0', 'sim.bad-fault'],
    ['small-reads=65537', 'sim.bad-fault'],
    ['bad-hash=17', 'sim.bad-fault'],
    ['bad-hash=', 'sim.bad-fault'],
    ['wrong-key=1', 'sim.bad-fault'],
    ['slow,slow=3', 'sim.bad-fault'],
    ['=3', 'sim.unknown-fault'],
  ])('%s -> %s', (value, code) => {
    expect(() => parseFaults([value])).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('throws only KioskError on random input', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz-=,0123456789 \u00e9\u0000';
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const seeds = [...FAULT_NAMES, 'slow=12', 'bad-hash=13,wrong-key'];
    for (let i = 0; i < 5000; i++) {
      let s = i % 2 === 0 ? seeds[rnd(seeds.length)]! : '';
      const edits = 1 + rnd(6);
      for (let k = 0; k < edits; k++) {
        const at = rnd(s.length + 1);
        s = rnd(2) === 0 ? s.slice(0, at) + alphabet[rnd(alphabet.length)]! + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      try {
        const faults = parseFaults([s]);
        expect(Array.isArray(faults)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(KioskError);
      }
    }
  });
});

describe('planFaults', () => {
  it('routes chip faults to the applet and transport faults to the vpcd card', () => {
    const plan = planFaults(parseFaults(['removed-mid-read=9,corrupt-mac=3,wrong-key,slow=40,small-reads=100,bad-hash=2']));
    expect(plan.card).toEqual({ removeAtApdu: 9, responseDelayMs: 40 });
    expect(plan.applet).toEqual({
      faults: { corruptResponseMacAt: 3 },
      wrongAccessKey: true,
      quirks: { maxReadLength: 100, tooLongStatus: 0x6700 },
      tamperDataGroup: 2,
    });
    expect(plan.needsEmrtd.sort()).toEqual(['bad-hash', 'corrupt-mac', 'wrong-key']);
    expect(planFaults([])).toEqual({ applet: {}, card: {}, needsEmrtd: [] });
  });

  it('describes faults for the banner', () => {
    expect(describeFaults(parseFaults(['wrong-key,slow=5']))).toBe('wrong-key, slow=5');
    expect(describeFaults([])).toBe('none');
  });
});

describe('takeRepeatedFlag', () => {
  it('collects every occurrence, leaves the rest in order', () => {
    expect(takeRepeatedFlag(['--fault', 'slow', '--profile', 'passport', '--fault=wrong-key', '--faulty', '--', '--fault', 'x'], 'fault')).toEqual({
      values: ['slow', 'wrong-key'],
      rest: ['--profile', 'passport', '--faulty', '--', '--fault', 'x'],
    });
    expect(() => takeRepeatedFlag(['--fault'], 'fault')).toThrow(expect.objectContaining({ code: 'cli.missing-value' }) as Error);
  });
});

describe('parseProfile', () => {
  it('accepts cccd (default), passport and cccd-unknown-csca only', () => {
    expect(parseProfile(undefined)).toBe('cccd');
    expect(parseProfile('Passport')).toBe('passport');
    expect(parseProfile('cccd-unknown-csca')).toBe('cccd-unknown-csca');
    expect(() => parseProfile('td2')).toThrow(expect.objectContaining({ code: 'sim.unknown-profile' }) as Error);
  });
});

describe('wrong-key derivation', () => {
  it('gives a different CAN of the same shape and a different MRZ document number', () => {
    expect(otherCan('047064')).toBe('158175');
    expect(otherCan('999999')).toBe('000000');
    const mrz = { documentNumber: 'C0123456', dateOfBirth: '880612', dateOfExpiry: '340105' };
    expect(otherMrzKey(mrz)).toEqual({ ...mrz, documentNumber: 'C0123457' });
    expect(otherMrzKey({ ...mrz, documentNumber: 'AB12345C' }).documentNumber).toBe('AB12345D');
    expect(otherMrzKey({ ...mrz, documentNumber: 'AB1234<<' }).documentNumber).toBe('AB1234<0');
  });
});

describe('cardReader.simulation in the kiosk config', () => {
  const parse = (simulation: unknown) => cardReaderConfigSchema.safeParse({ simulate: true, simulation });
  it('lists the same fault names as the simulator, and every profile', () => {
    expect([...SIMULATED_CARD_FAULTS].sort()).toEqual([...FAULT_NAMES].sort());
    for (const profile of CARD_PROFILES) expect(parse({ profile }).success).toBe(true);
  });
  it('accepts what parseFaults accepts and refuses unknown names and bad values', () => {
    const ok = parse({ profile: 'passport', faults: ['wrong-key', 'removed-mid-read=12', 'slow=40'] });
    expect(ok.success).toBe(true);
    if (ok.success) expect(parseFaults(ok.data.simulation!.faults)).toHaveLength(3);
    expect(parse({ faults: ['unplugged'] }).success).toBe(false);
    expect(parse({ faults: ['slow=-1'] }).success).toBe(false);
    expect(parse({ profile: 'td2' }).success).toBe(false);
    expect(parse({ profile: 'cccd', extra: 1 }).success).toBe(false);
    const defaults = parse({});
    expect(defaults.success && defaults.data.simulation).toEqual({ profile: 'cccd', faults: [] });
  });
});
