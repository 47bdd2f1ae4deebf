// Runs in: Node (vitest). The idle state machine driven by a fake clock.
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { createIdleState, idleStep, nextDeadline, secondsLeft, type IdleConfig, type IdleState } from './idle';

const config: IdleConfig = { idleMs: 60_000, warningMs: 30_000 };

function run(events: [string, number][], start = 0): IdleState {
  let s = createIdleState(config, start);
  for (const [type, now] of events) s = idleStep(s, { type: type as 'tick', now }, config);
  return s;
}

describe('idle timer', () => {
  it('stays active before idleMs, warns at idleMs, expires after warningMs more', () => {
    expect(run([['tick', 59_999]]).phase).toBe('active');
    expect(run([['tick', 60_000]]).phase).toBe('warning');
    expect(run([['tick', 60_000], ['tick', 89_999]]).phase).toBe('warning');
    expect(run([['tick', 60_000], ['tick', 90_000]]).phase).toBe('expired');
  });

  it('activity restarts the countdown from the moment of the touch', () => {
    const s = run([['activity', 50_000], ['tick', 100_000]]);
    expect(s.phase).toBe('active');
    expect(run([['activity', 50_000], ['tick', 110_000]]).phase).toBe('warning');
    expect(run([['activity', 50_000], ['tick', 140_000]]).phase).toBe('expired');
  });

  it('counts down whole seconds during the warning, at least 20 s at its start', () => {
    const s = run([['tick', 60_000]]);
    expect(secondsLeft(s, 60_000)).toBe(30);
    expect(secondsLeft(s, 60_001)).toBe(30);
    expect(secondsLeft(s, 89_001)).toBe(1);
    expect(secondsLeft(s, 95_000)).toBe(0);
  });

  it('one extend action goes back to active, as many times as wanted', () => {
    let s = createIdleState(config, 0);
    let now = 0;
    for (let i = 0; i < 50; i++) {
      now += 60_000 + 25_000; // warning shown, 5 s left
      s = idleStep(s, { type: 'tick', now }, config);
      expect(s.phase).toBe('warning');
      s = idleStep(s, { type: 'extend', now }, config);
      expect(s.phase).toBe('active');
    }
    expect(s.extensions).toBe(50);
    expect(nextDeadline(s)).toBe(now + 60_000);
  });

  it('a touch anywhere during the warning also extends', () => {
    const s = run([['tick', 60_000], ['activity', 70_000]]);
    expect(s.phase).toBe('active');
    expect(s.warningAt).toBe(130_000);
  });

  it('an event arriving after the deadline (sleep, stalled timer) cannot revive the session', () => {
    expect(run([['extend', 200_000]]).phase).toBe('expired');
    expect(run([['tick', 90_000], ['activity', 90_001]]).phase).toBe('expired');
    expect(run([['tick', 90_000], ['extend', 90_001]]).phase).toBe('expired');
  });

  it('reset starts a fresh session after expiry', () => {
    const s = run([['tick', 90_000], ['reset', 100_000]]);
    expect(s.phase).toBe('active');
    expect(s.extensions).toBe(0);
    expect(nextDeadline(s)).toBe(160_000);
  });

  it('reports the next deadline for the scheduler', () => {
    expect(nextDeadline(run([]))).toBe(60_000);
    expect(nextDeadline(run([['tick', 60_000]]))).toBe(90_000);
    expect(nextDeadline(run([['tick', 90_000]]))).toBeNull();
  });

  it('refuses a warning shorter than 20 s (WCAG 2.2.1) with a KioskError', () => {
    for (const bad of [{ idleMs: 60_000, warningMs: 19_999 }, { idleMs: 0, warningMs: 30_000 }, { idleMs: NaN, warningMs: 30_000 }]) {
      let caught: unknown;
      try {
        createIdleState(bad, 0);
      } catch (e) {
        caught = e;
      }
      expect(isKioskError(caught)).toBe(true);
      expect((caught as { code: string }).code).toBe('ui.idle-config');
    }
  });
});
