// Runs in: any process (pure). Exponential backoff with full jitter (AWS architecture blog,
// "Exponential Backoff And Jitter"): spreads a fleet of kiosks so a recovering portal is not hit by
// synchronized retry waves at peak hours.
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 5 * 60_000 };

/** Delay before retry number `attempt` (1 = first retry): uniform in [0, min(cap, base·2^(attempt-1))]. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(options.capMs, options.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.floor(random() * exp);
}
