// Runs in: Node (tests). The retry cycle shared by the serial and HID QR drivers; the drivers' own
// hot-plug behaviour is covered end to end in tests/integration/qr-serial.test.ts.
import { describe, expect, it } from 'vitest';
import { ReconnectLoop } from './reconnect';

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
};

describe('ReconnectLoop', () => {
  it('retries until the device opens, one attempt at a time, a throw counting as a failure', async () => {
    let calls = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const loop = new ReconnectLoop({
      intervalMs: 1,
      connect: async () => {
        calls++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (calls === 2) throw new Error('EACCES');
        return calls >= 4;
      },
    });
    await loop.start();
    expect(calls).toBe(1);
    await until(() => calls >= 4 && inFlight === 0);
    // Connected: no further attempts however long we wait for a few more ticks.
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(4);
    expect(maxInFlight).toBe(1);
    loop.stop();
  });

  it('a lost device is retried until it returns; stop() ends the cycle for good', async () => {
    let present = true;
    let calls = 0;
    const loop = new ReconnectLoop({ intervalMs: 1, connect: async () => (calls++, present) });
    await loop.start();
    expect(calls).toBe(1);
    present = false;
    loop.lost();
    await until(() => calls >= 4);
    present = true;
    const before = calls;
    await until(() => calls > before);
    const connectedAt = calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(connectedAt);

    present = false;
    loop.lost();
    await until(() => calls > connectedAt + 1);
    loop.stop();
    expect(loop.active).toBe(false);
    const stoppedAt = calls;
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(stoppedAt);
    // And it can be started again.
    present = true;
    await loop.start();
    expect(calls).toBe(stoppedAt + 1);
    loop.stop();
  });
});
