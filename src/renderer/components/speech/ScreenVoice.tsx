// Runs in: renderer. Voice guidance for every prompt without every screen having to ask for it:
// when the screen (or its error) changes, the kiosk reads out what the citizen sees first — the
// error, if any, then the screen's heading — in whatever language the screen is shown in.
import { useEffect } from 'react';
import { speak } from './speech';

/** Set on a screen that speaks for itself (e.g. the receipt read aloud), so it is not talked over. */
export const SPEAKS_ITSELF = 'data-speaks-itself';

export function spokenPrompt(root: ParentNode): string {
  if (root.querySelector(`[${SPEAKS_ITSELF}]`)) return '';
  const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const alert = text(root.querySelector('[role="alert"]'));
  const title = text(root.querySelector('h1'));
  // An alert usually ends its own sentence: add a full stop only where it does not (no "..").
  return [alert, title].filter((t) => t !== '').map((t, i, all) => (i < all.length - 1 && !/[.!?…:]$/.test(t) ? `${t}.` : t)).join(' ');
}

/**
 * Speaks the prompt of the screen inside `selector` each time `screenKey` changes. Waits a frame
 * so React has painted the new screen before it is read.
 */
export function useScreenVoice(screenKey: string, selector = '.kiosk-main', lang = 'vi-VN'): void {
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const root = document.querySelector(selector);
      const prompt = root ? spokenPrompt(root) : '';
      if (prompt) speak(prompt, { lang });
    });
    return () => cancelAnimationFrame(frame);
  }, [screenKey, selector, lang]);
}
