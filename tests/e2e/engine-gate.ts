// Runs in: Node (Playwright). Holds back what the real engine sends to the page over its WebSocket,
// so a screen the kiosk shows only while it waits ("Đang đọc thẻ…", "Đang in phiếu…") stays on
// screen long enough to be checked and photographed. Nothing is invented or changed: every message
// is the engine's own and arrives, in order, when the gate opens.
import type { Page } from '@playwright/test';

export interface EngineGate {
  /** From now on, engine → page messages wait. */
  close(): void;
  /** Delivers what waited, in order, and lets messages through again. */
  open(): void;
  /** Messages currently waiting. */
  held(): number;
  /** Every engine message the page has been given so far, as text (to wait for an event). */
  delivered(): string[];
}

/** Must be called before `page.goto`: it routes the page's WebSocket to the engine through itself. */
export async function gateEngine(page: Page): Promise<EngineGate> {
  let closed = false;
  let queue: Array<() => void> = [];
  const delivered: string[] = [];
  const deliver = (ws: { send(m: string | Buffer): void }, m: string | Buffer) => {
    delivered.push(typeof m === 'string' ? m : m.toString('utf8'));
    ws.send(m);
  };
  await page.routeWebSocket(/\/api(\?|$)/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (closed) queue.push(() => deliver(ws, m));
      else deliver(ws, m);
    });
  });
  return {
    close: () => {
      closed = true;
    },
    open: () => {
      closed = false;
      const waiting = queue;
      queue = [];
      for (const send of waiting) send();
    },
    held: () => queue.length,
    delivered: () => [...delivered],
  };
}
