// Runs in: renderer. Drives the idle state machine (lib/idle) from real touches, keys and time.
import { useCallback, useEffect, useRef, useState } from 'react';
import { createIdleState, idleStep, nextDeadline, secondsLeft, type IdleEvent, type IdlePhase, type IdleState } from '../../lib/idle';

export interface UseIdleTimerOptions {
  idleMs: number;
  /** ≥ 20 000 (WCAG 2.2.1); a shorter value throws KioskError 'ui.idle-config'. */
  warningMs: number;
  /** Called once when the warning ran out: end the session and wipe personal data. */
  onExpire: () => void;
  /** false pauses the timer (e.g. on the attract screen or while a card is being read). */
  enabled?: boolean;
  /** Clock, injectable for tests. */
  now?: () => number;
}

export interface IdleTimer {
  phase: IdlePhase;
  /** Seconds until expiry while the warning shows. */
  secondsLeft: number;
  /** The warning's single "more time" action. */
  extend: () => void;
  /** Restart from scratch (new session). */
  reset: () => void;
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleTimer({ idleMs, warningMs, onExpire, enabled = true, now = Date.now }: UseIdleTimerOptions): IdleTimer {
  const config = { idleMs, warningMs };
  const configRef = useRef(config);
  configRef.current = config;
  const clock = useRef(now);
  clock.current = now;
  const expireRef = useRef(onExpire);
  expireRef.current = onExpire;

  const stateRef = useRef<IdleState | null>(null);
  stateRef.current ??= createIdleState(config, now());
  const [view, setView] = useState<{ phase: IdlePhase; secondsLeft: number }>({ phase: 'active', secondsLeft: Math.ceil((idleMs + warningMs) / 1000) });
  const [wake, setWake] = useState(0); // bumps to reschedule the timer

  const dispatch = useCallback((type: IdleEvent['type']) => {
    const t = clock.current();
    const before = stateRef.current!;
    const after = idleStep(before, { type, now: t } as IdleEvent, configRef.current);
    stateRef.current = after;
    if (after.phase === 'expired' && before.phase !== 'expired') expireRef.current();
    const secs = secondsLeft(after, t);
    setView((v) => (v.phase === after.phase && (after.phase !== 'warning' || v.secondsLeft === secs) ? v : { phase: after.phase, secondsLeft: secs }));
    if (nextDeadline(after) !== nextDeadline(before)) setWake((w) => w + 1);
  }, []);

  // Activity anywhere on the page (capture phase, so a component that stops propagation still counts).
  useEffect(() => {
    if (!enabled) return;
    dispatch('reset');
    const onActivity = () => dispatch('activity');
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [enabled, dispatch]);

  // One timeout to the next deadline; a 250 ms tick only while the countdown is on screen.
  useEffect(() => {
    if (!enabled) return;
    const deadline = nextDeadline(stateRef.current!);
    if (deadline === null) return;
    const timeout = window.setTimeout(() => dispatch('tick'), Math.max(0, deadline - clock.current()));
    const interval = view.phase === 'warning' ? window.setInterval(() => dispatch('tick'), 250) : undefined;
    return () => {
      window.clearTimeout(timeout);
      if (interval !== undefined) window.clearInterval(interval);
    };
  }, [enabled, wake, view.phase, dispatch]);

  return {
    phase: enabled ? view.phase : 'active',
    secondsLeft: view.secondsLeft,
    extend: useCallback(() => dispatch('extend'), [dispatch]),
    reset: useCallback(() => dispatch('reset'), [dispatch]),
  };
}
