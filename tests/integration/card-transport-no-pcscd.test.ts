// Runs in: Node (vitest). The PC/SC driver when pcscd is not there: libpcsclite is pointed (by its
// own PCSCLITE_CSOCK_NAME variable) at a socket nobody serves, as on a kiosk whose pcscd died.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

describe('PC/SC driver without pcscd', () => {
  const previous = process.env.PCSCLITE_CSOCK_NAME;
  beforeAll(() => {
    process.env.PCSCLITE_CSOCK_NAME = `/tmp/motcua-no-pcscd-${process.pid}/pcscd.comm`;
    vi.resetModules();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
    else process.env.PCSCLITE_CSOCK_NAME = previous;
    vi.resetModules();
  });

  it('starts anyway, reports an error status with an alarm, and refuses withCard with card.pcscd-unavailable', async () => {
    // Fresh module graph (the socket path is read at import), so KioskError comes from it too.
    const { createPcscCardReader } = await import('../../hardware/card-reader/transport/pcsc');
    const { KioskError } = await import('../../src/shared/errors');
    const reader = createPcscCardReader({ retryIntervalMs: 50 });
    const seen: string[] = [];
    reader.onStatus((s) => seen.push(s.state));
    await reader.start(); // resolves although the daemon is absent (Device contract)
    try {
      const status = reader.status();
      expect(status.state).toBe('error');
      expect(status.alarm?.code).toBe('card.pcscd-unavailable');
      expect(status.detail).toContain('pcscd');
      const error = await reader.withCard(async () => 'never').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KioskError);
      expect(error).toMatchObject({ code: 'card.pcscd-unavailable', retryable: true });
      expect((error as InstanceType<typeof KioskError>).technicianMessage).toMatch(/pcscd/);
      expect((error as InstanceType<typeof KioskError>).citizenMessage).not.toMatch(/pcscd/);
      // The retry timer keeps probing without throwing or flapping the status.
      await new Promise((r) => setTimeout(r, 200));
      expect(seen.every((s) => s === 'error')).toBe(true);
    } finally {
      await reader.stop();
    }
    expect(reader.status().state).toBe('absent');
  });
});
