// Runs in: renderer. Each journey screen starts at its top: the kiosk's main area scrolls, and a
// screen that opened scrolled to where the previous one ended would hide its title and summary.
import { useEffect } from 'react';

export function useScrollToTop(): void {
  useEffect(() => {
    document.querySelector('.kiosk-main')?.scrollTo(0, 0);
  }, []);
}
