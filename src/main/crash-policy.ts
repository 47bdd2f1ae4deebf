// Runs in: Electron main. Pure. A white screen after hours of running is the failure kiosk users
// report most: when the renderer dies, reload it; if it keeps dying, relaunch the whole app.

export type RecoveryAction = 'reload' | 'relaunch' | 'none';

export interface CrashPolicyOptions {
  /** Crashes within `windowMs` that trigger a relaunch instead of a reload. */
  maxReloads: number;
  windowMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicyOptions = { maxReloads: 3, windowMs: 5 * 60_000 };

/** `history` = times of earlier crashes (ms). Returns the action and the history to keep. */
export function decideRecovery(
  history: readonly number[],
  now: number,
  reason: string,
  options: CrashPolicyOptions = DEFAULT_CRASH_POLICY,
): { action: RecoveryAction; history: number[] } {
  // A clean exit is the app quitting on purpose.
  if (reason === 'clean-exit') return { action: 'none', history: [...history] };
  const recent = history.filter((t) => now - t < options.windowMs);
  recent.push(now);
  if (recent.length > options.maxReloads) return { action: 'relaunch', history: [] };
  return { action: 'reload', history: recent };
}
