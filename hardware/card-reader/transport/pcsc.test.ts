// Runs in: Node (vitest). PC/SC failure mapping: each return code the binding reports becomes the
// KioskError the engine shows (the live paths are in tests/integration/card-transport*.test.ts).
import { describe, expect, it } from 'vitest';
import { PCSC, pcscCode, pcscError } from './pcsc';

const bindingError = (fn: string, text: string, code: number) => new Error(`${fn} error: ${text}(0x${code.toString(16).padStart(8, '0')})`);

describe('pcscError', () => {
  it('reads the return code out of the binding message', () => {
    expect(pcscCode(bindingError('SCardTransmit', 'Card was removed.', PCSC.W_REMOVED_CARD))).toBe(0x80100069);
    expect(pcscCode(new Error('Card Reader not connected'))).toBeNull();
  });

  it.each([
    [PCSC.W_REMOVED_CARD, 'card.removed', true],
    [PCSC.E_NO_SMARTCARD, 'card.removed', true],
    [PCSC.W_RESET_CARD, 'card.reset', true],
    [PCSC.W_UNRESPONSIVE_CARD, 'card.unresponsive', true],
    [PCSC.E_SHARING_VIOLATION, 'card.busy', true],
    [PCSC.E_NO_SERVICE, 'card.pcscd-unavailable', true],
    [PCSC.E_SERVICE_STOPPED, 'card.pcscd-unavailable', true],
    [PCSC.E_READER_UNAVAILABLE, 'card.reader-unavailable', true],
    [PCSC.E_NOT_TRANSACTED, 'card.transmit-failed', true],
  ])('maps 0x%s to %s', (code, expected, retryable) => {
    const error = pcscError(bindingError('SCardTransmit', 'x', code), 'transmit', 'Virtual PCD 00 00');
    expect(error.code).toBe(expected);
    expect(error.retryable).toBe(retryable);
    expect(error.technicianMessage.length).toBeGreaterThan(10);
    // Citizens get Vietnamese guidance, never the PC/SC jargon.
    expect(error.citizenMessage).not.toMatch(/SCard|pcscd|0x/);
  });
});
