// Runs in: renderer. Pure. The hidden way into the staff/technician modes: five taps in the
// top-left corner within three seconds (kiosk-product §3.3), or the F24 / Ctrl+Alt+K key.

export const TAPS_NEEDED = 5;
export const TAP_WINDOW_MS = 3000;

/** Adds a tap; returns the taps still inside the window and whether the gesture completed. */
export function registerTap(taps: readonly number[], now: number, needed = TAPS_NEEDED, windowMs = TAP_WINDOW_MS): { taps: number[]; triggered: boolean } {
  const recent = [...taps.filter((t) => now - t < windowMs && t <= now), now];
  if (recent.length >= needed) return { taps: [], triggered: true };
  return { taps: recent, triggered: false };
}

export function isOpenKey(e: { key: string; ctrlKey: boolean; altKey: boolean; code?: string }): boolean {
  if (e.key === 'F24') return true;
  return e.ctrlKey && e.altKey && (e.code === 'KeyK' || e.key.toLowerCase() === 'k');
}
