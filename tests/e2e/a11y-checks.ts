// Accessibility probes for Playwright specs: WCAG contrast of visible text against its effective
// background, and touch-target size of controls. Same checks as ui-blocks.spec.ts (which proves
// they flag bad UI), shared here so other specs can use them — plus axe-core's WCAG 2.1 AA rules
// and the screenshot every screen leaves for a human to judge.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';

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

// axe-core (WCAG 2.1 A + AA rules) run inside the page. @axe-core/playwright needs Node 22, so the
// plain bundle is evaluated over the DevTools protocol, which the kiosk's CSP (script-src 'self')
// does not block, unlike an injected <script> tag.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeOptions {
  /** CSS selector of the part of the page to check (default: the whole document). */
  include?: string;
  /** Parts not to check, e.g. a live device thumbnail. */
  exclude?: string[];
  /** Record the failure and carry on, so one run lists every screen's problems. */
  soft?: boolean;
}

/** One line per failing element: "[impact] rule: help — selector — what is wrong". */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ include, exclude, tags }) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      const context: import('axe-core').ElementContext = include ? { include: [include], exclude } : exclude.length ? { exclude } : document;
      const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })) }));
    },
    { include: options.include, exclude: options.exclude ?? [], tags: WCAG_21_AA },
  );
  return violations.flatMap((v) =>
    v.nodes.map((n) => `[${v.impact}] ${v.id}: ${v.help} — ${n.target} — ${n.summary.replace(/\s*\n\s*/g, ' ').slice(0, 300)}`),
  );
}

/** Fails with a readable list of every WCAG 2.1 AA violation axe-core finds on the current screen. */
export async function expectNoAxeViolations(page: Page, label: string, options: AxeOptions = {}): Promise<void> {
  const found = await axeViolations(page, options);
  (options.soft ? expect.soft : expect)(found, `axe-core WCAG 2.1 AA violations on "${label}":\n${found.join('\n')}`).toEqual([]);
}

/** Where every screen's screenshot goes (test-reports/ is not committed); one folder per language. */
export const SCREENSHOTS = path.resolve('test-reports/screenshots');

/**
 * Where `KIOSK_DOCS_SCREENSHOTS=1` also leaves a half-size copy of each, committed so a reader of
 * the repository sees every screen without running anything (docs/screenshots/README.md).
 */
export const DOCS_SCREENSHOTS = path.resolve('docs/screenshots');

/** A full-page screenshot of the current screen, named for a human browsing the folder. */
export async function saveScreen(page: Page, name: string, lang = 'vi'): Promise<void> {
  mkdirSync(path.join(SCREENSHOTS, lang), { recursive: true });
  const png = await page.screenshot({ path: path.join(SCREENSHOTS, lang, `${name}.png`), fullPage: true });
  if (process.env.KIOSK_DOCS_SCREENSHOTS === '1') {
    mkdirSync(path.join(DOCS_SCREENSHOTS, lang), { recursive: true });
    // Half size, 256-colour palette: readable, and a few dozen KB each in git.
    await sharp(png).resize({ width: 640 }).png({ palette: true, compressionLevel: 9 }).toFile(path.join(DOCS_SCREENSHOTS, lang, `${name}.png`));
  }
}
