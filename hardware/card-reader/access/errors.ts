// Runs in: Node (engine) and Electron (no Node imports). Access-control failures as KioskErrors.
import { KioskError } from '../../../src/shared/errors';

/** Citizen wording agreed for issue 3: the number typed does not belong to this card. */
export const WRONG_KEY_CITIZEN = 'Số thẻ (CAN hoặc thông tin MRZ) không khớp với thẻ này. Xin vui lòng kiểm tra lại số đã nhập.';

export function wrongKeyError(protocol: 'BAC' | 'PACE', detail: string): KioskError {
  return new KioskError({
    code: 'card.wrong-key',
    technicianMessage: `${protocol} failed: ${detail} (access key does not match the chip)`,
    citizenMessage: WRONG_KEY_CITIZEN,
    retryable: false,
  });
}

export function protocolError(protocol: string, detail: string, cause?: unknown): KioskError {
  return new KioskError({
    code: 'card.protocol',
    technicianMessage: `${protocol}: ${detail}`,
    citizenMessage: 'Không đọc được thẻ. Xin vui lòng đặt lại thẻ và thử lại.',
    retryable: true,
    cause,
  });
}
