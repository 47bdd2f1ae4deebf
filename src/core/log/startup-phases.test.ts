// Runs in: Node (vitest).
import { describe, expect, it } from 'vitest';
import { StartupPhases } from './startup-phases';

describe('StartupPhases', () => {
  it('lists each phase in order, the first one counted from process start, and the total', () => {
    const phases = new StartupPhases('modules');
    phases.mark('config');
    phases.mark('database');
    const json = phases.toJSON();
    expect(Object.keys(json)).toEqual(['modules', 'config', 'database', 'total']);
    for (const ms of Object.values(json)) expect(Number.isInteger(ms) && ms >= 0).toBe(true);
    // The phases cover the whole boot: they add up to the total (each rounded on its own).
    const sum = json.modules! + json.config! + json.database!;
    expect(Math.abs(sum - json.total!)).toBeLessThanOrEqual(3);
    expect(String(phases)).toMatch(/^\d+ ms after process start: modules \d+, config \d+, database \d+$/);
  });
});
