// Runs in: Node (vitest). The strip's list of alarms follows raised/cleared notices per device.
import { describe, expect, it } from 'vitest';
import type { AlarmNotice } from '../../../shared/contract';
import { applyNotice } from './AlarmStrip';

const notice = (deviceId: string, event: AlarmNotice['event'], code: string): AlarmNotice => ({
  event,
  deviceId,
  kind: deviceId === 'printer' ? 'printer' : 'card-reader',
  state: event === 'raised' ? 'alarm' : 'ready',
  code,
  message: 'Máy in hết giấy.',
  at: '2026-11-23T08:00:00.000Z',
});

describe('alarm strip list', () => {
  it('one line per device: a new alarm replaces the old, a clear removes only that device', () => {
    let list: AlarmNotice[] = [];
    list = applyNotice(list, notice('printer', 'raised', 'printer.cover-open'));
    list = applyNotice(list, notice('card-reader', 'raised', 'device.unavailable'));
    list = applyNotice(list, notice('printer', 'raised', 'printer.paper-out'));
    expect(list.map((a) => `${a.deviceId}:${a.code}`)).toEqual(['card-reader:device.unavailable', 'printer:printer.paper-out']);
    list = applyNotice(list, notice('printer', 'cleared', 'printer.paper-out'));
    expect(list.map((a) => a.deviceId)).toEqual(['card-reader']);
  });
});
