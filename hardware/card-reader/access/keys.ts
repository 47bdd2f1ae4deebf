// Runs in: Node (engine) and Electron (no Node imports). Pure.
// Access-key seeds (9303-11 §9.7.2/§9.7.3): the MRZ key seed for BAC, and f(π) for PACE.
import { bacKeySeedInput } from '../lds/mrz';
import { sha1 } from '../crypto/hash';
import { KioskError } from '../../../src/shared/errors';
import type { AccessKey, MrzKey } from './types';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** MRZ_information: document number, date of birth, date of expiry, each with its check digit. */
export function mrzInformation(key: MrzKey): string {
  return bacKeySeedInput(key);
}

/** BAC K_seed: the first 16 bytes of SHA-1(MRZ_information). */
export function bacKeySeed(key: MrzKey): Uint8Array {
  return sha1(ascii(mrzInformation(key))).slice(0, 16);
}

/**
 * PACE f(π): for the MRZ password the full 20-byte SHA-1(MRZ_information); for a CAN the digits
 * themselves, ISO 8859-1 encoded (not hashed — 9303-11 §9.7.3).
 */
export function pacePasswordBytes(key: AccessKey): Uint8Array {
  if (key.kind === 'mrz') return sha1(ascii(mrzInformation(key.mrz)));
  if (!/^\d{6}$/.test(key.can)) {
    throw new KioskError({
      code: 'card.key-invalid',
      technicianMessage: 'CAN must be exactly 6 digits',
      citizenMessage: 'Số CAN gồm 6 chữ số (6 số cuối của số căn cước). Xin vui lòng nhập lại.',
    });
  }
  return ascii(key.can);
}

/** PACE password reference in MSE:Set AT (tag 83): 01 = MRZ, 02 = CAN. */
export function pacePasswordRef(key: AccessKey): number {
  return key.kind === 'mrz' ? 0x01 : 0x02;
}
