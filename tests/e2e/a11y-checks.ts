// Accessibility probes for Playwright specs: WCAG contrast of visible text against its effective
// background, and touch-target size of controls. Same checks as ui-blocks.spec.ts (which proves
// they flag bad UI), shared here so other specs can use them.
import type { Page } from '@playwright/test';

/** Text nodes under `scope` whose contrast ratio is below 4.5:1, as "text: ratio". */
export async function lowContrast(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const bgOf = (el: Element | null): number[] => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length >= 3 && (c[3] === undefined || c[3] > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    for (const root of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!;
        if (!n.textContent?.trim() || el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
        const fg = lum(parse(getComputedStyle(el).color));
        const bg = lum(bgOf(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        if (ratio < 4.5) bad.push(`${n.textContent.trim().slice(0, 20)}: ${ratio.toFixed(2)}`);
      }
    }
    return bad;
  }, scope);
}

/** Buttons, selects and inputs under `scope` smaller than `min` px in either direction. */
export async function smallTargets(page: Page, scope: string, min = 44): Promise<string[]> {
  const boxes = await page.locator(`${scope} button, ${scope} select, ${scope} input`).evaluateAll((els) =>
    els.map((e) => ({ name: (e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 20), ...e.getBoundingClientRect().toJSON() })),
  );
  return boxes.filter((b) => b.width < min || b.height < min).map((b) => `${b.name} ${Math.round(b.width)}x${Math.round(b.height)}`);
}
