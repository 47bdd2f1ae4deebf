// Runs in: Node (simulator). The virtual eMRTD chip: the generic applet and the sample documents
// (a fictional CCCD and a fictional Vietnamese passport, personalised by the LDS sample generator
// in hardware/card-reader/sample/). Test keys only; nothing here is ever trusted in production.
import { buildSampleCccd, buildSamplePassport, type SampleOptions } from '../../../card-reader/sample/documents';
import type { CardApplet } from '../applet';
import { createEmrtdApplet, type EmrtdDocument, type EmrtdFaults } from './applet';

export * from './applet';

export interface SampleAppletOptions extends SampleOptions {
  faults?: EmrtdFaults;
  /** Serve extended-length READ BINARY (default true). */
  extendedLength?: boolean;
  quirks?: EmrtdDocument['quirks'];
}

/** The sample CCCD chip: PACE GM brainpoolP256r1 AES-128 (CAN or MRZ) and BAC, RSA Active Authentication, ECDH Chip Authentication. */
export function createSampleCccdApplet(options: SampleAppletOptions = {}): CardApplet {
  const doc = buildSampleCccd(options);
  return createEmrtdApplet({
    files: doc.files,
    can: doc.can,
    mrzKey: doc.mrz,
    paceParams: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 },
    aaPrivateKey: doc.aaPrivateKey,
    ...(doc.chipAuthenticationPrivateKey ? { caPrivateKey: doc.chipAuthenticationPrivateKey } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.extendedLength !== undefined ? { extendedLength: options.extendedLength } : {}),
    ...(options.quirks ? { quirks: options.quirks } : {}),
  });
}

/** The sample passport chip (TD3): BAC only, ECDSA P-256 Active Authentication. */
export function createSamplePassportApplet(options: SampleAppletOptions = {}): CardApplet {
  const doc = buildSamplePassport(options);
  return createEmrtdApplet({
    files: doc.files,
    can: doc.can || '000000',
    mrzKey: doc.mrz,
    aaPrivateKey: doc.aaPrivateKey,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.extendedLength !== undefined ? { extendedLength: options.extendedLength } : {}),
    ...(options.quirks ? { quirks: options.quirks } : {}),
  });
}
