// Runs in: renderer (pure). The session idle timer as a state machine over explicit timestamps,
// so the UI hook only feeds it events and a clock (WCAG 2.2.1 Timing Adjustable: a warning with
// at least 20 s to extend, one simple action, unlimited extensions).
import { KioskError } from '../../shared/errors';

export type IdlePhase = 'active' | 'warning' | 'expired';

export interface IdleConfig {
  /** Inactivity before the warning appears. */
  idleMs: number;
  /** How long the warning stays up before the session ends; WCAG 2.2.1 asks for at least 20 s. */
  warningMs: number;
}

export interface IdleState {
  phase: IdlePhase;
  /** When the warning appears (active) or appeared (warning/expired). */
  warningAt: number;
  /** When the session ends unless extended. */
  expiresAt: number;
  /** How many times the citizen extended from the warning (not limited; for diagnostics). */
  extensions: number;
}

export type IdleEvent =
  | { type: 'activity'; now: number } // any touch or key anywhere
  | { type: 'extend'; now: number } // the warning's "more time" button
  | { type: 'tick'; now: number } // the clock moved
  | { type: 'reset'; now: number }; // a new session starts

export const MIN_WARNING_MS = 20_000;

export function validateIdleConfig(config: IdleConfig): void {
  const ok = Number.isFinite(config.idleMs) && config.idleMs > 0 && Number.isFinite(config.warningMs) && config.warningMs >= MIN_WARNING_MS;
  if (!ok)
    throw new KioskError({
      code: 'ui.idle-config',
      technicianMessage: `idle timer needs idleMs > 0 and warningMs >= ${MIN_WARNING_MS} (WCAG 2.2.1); got idleMs=${config.idleMs}, warningMs=${config.warningMs}`,
      citizenMessage: 'Máy đang được cài đặt chưa đúng. Xin vui lòng báo cán bộ.',
      retryable: false,
    });
}

function armed(now: number, config: IdleConfig, extensions: number): IdleState {
  return { phase: 'active', warningAt: now + config.idleMs, expiresAt: now + config.idleMs + config.warningMs, extensions };
}

export function createIdleState(config: IdleConfig, now: number): IdleState {
  validateIdleConfig(config);
  return armed(now, config, 0);
}

/** Applies one event. Expired is final until 'reset': a late touch must not revive a wiped session. */
export function idleStep(state: IdleState, event: IdleEvent, config: IdleConfig): IdleState {
  if (event.type === 'reset') return armed(event.now, config, 0);
  const timed = advance(state, event.now);
  if (timed.phase === 'expired') return timed;
  if (event.type === 'tick') return timed;
  if (timed.phase === 'warning') return armed(event.now, config, timed.extensions + 1);
  return armed(event.now, config, timed.extensions);
}

function advance(state: IdleState, now: number): IdleState {
  if (state.phase === 'expired') return state;
  if (now >= state.expiresAt) return { ...state, phase: 'expired' };
  if (now >= state.warningAt) return state.phase === 'warning' ? state : { ...state, phase: 'warning' };
  return state;
}

/** Whole seconds left before expiry, rounded up (shown as "còn 20 giây"); 0 once expired. */
export function secondsLeft(state: IdleState, now: number): number {
  if (state.phase === 'expired') return 0;
  return Math.max(0, Math.ceil((state.expiresAt - now) / 1000));
}

/** The next instant at which the phase can change on its own, or null when nothing is pending. */
export function nextDeadline(state: IdleState): number | null {
  if (state.phase === 'active') return state.warningAt;
  if (state.phase === 'warning') return state.expiresAt;
  return null;
}
