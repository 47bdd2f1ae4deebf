// Runs in: Node (engine) and Electron (no Node imports).
// What the access-control protocols need from the layer below: one plain (unprotected) command
// exchange, and what they hand back: the secure-messaging session keys.
import type { CommandApdu, ResponseApdu } from '../iso7816/apdu';
import type { SmSessionKeys } from '../sm/secure-messaging';

export type PlainSender = (cmd: CommandApdu) => Promise<ResponseApdu>;

export interface MrzKey {
  /** As printed in the MRZ (CCCD: last 9 digits of the 12-digit ID). */
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

/** The secret a reader is given: CAN (PACE only) or the MRZ key (BAC or PACE). */
export type AccessKey = { kind: 'can'; can: string } | { kind: 'mrz'; mrz: MrzKey };

export interface AccessResult {
  protocol: 'BAC' | 'PACE';
  /** PACE: the PACEInfo OID used, dotted. */
  paceOid?: string;
  paceParameterId?: number;
  session: SmSessionKeys;
}

/** Source of randomness, injectable so the published worked examples can be replayed. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

export const platformRandom: RandomSource = {
  bytes(n) {
    const b = new Uint8Array(n);
    globalThis.crypto.getRandomValues(b);
    return b;
  },
};
