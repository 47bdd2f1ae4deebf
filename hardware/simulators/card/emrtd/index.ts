// Runs in: Node (simulator). The virtual eMRTD chip: the generic applet and the sample documents
// (a fictional CCCD and a fictional Vietnamese passport, personalised by the LDS sample generator
// in hardware/card-reader/sample/). Test keys only; nothing here is ever trusted in production.
import { buildSampleCccd, buildSamplePassport, type SampleOptions } from '../../../card-reader/sample/documents';
import type { CardApplet } from '../applet';
import type { MrzKey } from '../../../card-reader/access/types';
import { createEmrtdApplet, type EmrtdDocument, type EmrtdFaults } from './applet';

export * from './applet';

export interface SampleAppletOptions extends SampleOptions {
  faults?: EmrtdFaults;
  /** Serve extended-length READ BINARY (default true). */
  extendedLength?: boolean;
  quirks?: EmrtdDocument['quirks'];
  /**
   * Fault: the chip expects a CAN and an MRZ key other than the ones the sample document
   * advertises (its printed CAN and MRZ), so a reader using those gets "wrong key".
   */
  wrongAccessKey?: boolean;
}

/** Each digit moved by one: a valid-looking CAN that is not the sample's. */
export function otherCan(can: string): string {
  return can.replace(/\d/g, (d) => String((Number(d) + 1) % 10));
}

/** The MRZ key with the last document-number character changed (BAC keys then differ). */
export function otherMrzKey(mrz: MrzKey): MrzKey {
  const n = mrz.documentNumber;
  const last = n.at(-1) ?? '<';
  const next = /\d/.test(last) ? String((Number(last) + 1) % 10) : /[A-Y]/.test(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : '0';
  return { ...mrz, documentNumber: n.slice(0, -1) + next };
}

function chipKeys(can: string, mrz: MrzKey, options: SampleAppletOptions): { can: string; mrzKey: MrzKey } {
  return options.wrongAccessKey ? { can: otherCan(can), mrzKey: otherMrzKey(mrz) } : { can, mrzKey: mrz };
}

/** The sample CCCD chip: PACE GM brainpoolP256r1 AES-128 (CAN or MRZ) and BAC, RSA Active Authentication, ECDH Chip Authentication. */
export function createSampleCccdApplet(options: SampleAppletOptions = {}): CardApplet {
  const doc = buildSampleCccd(options);
  return createEmrtdApplet({
    files: doc.files,
    ...chipKeys(doc.can, doc.mrz, options),
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
    ...chipKeys(doc.can || '000000', doc.mrz, options),
    aaPrivateKey: doc.aaPrivateKey,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.extendedLength !== undefined ? { extendedLength: options.extendedLength } : {}),
    ...(options.quirks ? { quirks: options.quirks } : {}),
  });
}
