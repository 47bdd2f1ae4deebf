// Runs in: Node or Electron main (engine). Passive authentication (9303-11 §5.1): data-group
// hashes against the SOD, the signed attributes' messageDigest against the LDSSecurityObject,
// the SOD signature against the Document Signer certificate, and that certificate against a CSCA
// from the trust store. Pure over its inputs (the trust store is loaded elsewhere).

import { createHash } from 'node:crypto';
import { KioskError } from '../../../src/shared/errors';
import { parseSod, type Sod } from '../lds/sod';
import type { Certificate } from '../lds/x509';
import { findIssuer, sameBytes, verifyCmsSigner } from './cms';
import type { TrustStore } from './trust-store';

export type PassiveStatus = 'genuine' | 'issuer-unverified' | 'failed';

export type PassiveCheckId =
  | 'sod-structure'
  | 'dg-hash'
  | 'content-type'
  | 'message-digest'
  | 'ds-certificate'
  | 'signature'
  | 'ds-validity'
  | 'chain'
  | 'csca-validity';

export interface PassiveCheck {
  id: PassiveCheckId;
  /** For `dg-hash`: which data group. */
  dataGroup?: number;
  status: 'pass' | 'fail' | 'skipped';
  detail: string;
}

export interface PassiveResult {
  status: PassiveStatus;
  checks: PassiveCheck[];
  /** One line per failed or skipped check, for technicians (no personal data). */
  reasons: string[];
  /** Data groups whose hash matched the SOD. */
  verifiedDataGroups: number[];
  /** Data groups that were read but failed their hash (or are absent from the SOD). */
  failedDataGroups: number[];
  documentSigner?: { subject: string; issuer: string; serialNumber: string; notBefore: string; notAfter: string };
  csca?: { subject: string; source: string };
  /** Which crypto engine verified the SOD signature. */
  signatureEngine?: 'node' | 'noble';
}

export interface PassiveInput {
  /** EF.SOD bytes, or an already parsed SOD. */
  sod: Uint8Array | Sod;
  /** Data groups read from the chip: number -> complete file bytes. */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  trustStore: TrustStore;
  /** Clock for certificate validity; defaults to now. */
  now?: Date;
}


/** Hash of one data group as the SOD computes it. */
export function dataGroupHash(sod: Sod, bytes: Uint8Array): Uint8Array {
  if (!sod.lds.hashName) {
    throw new KioskError({
      code: 'card.pa-unsupported',
      technicianMessage: `SOD hash algorithm ${sod.lds.hashAlgorithm.oid} is not supported`,
    });
  }
  return new Uint8Array(createHash(sod.lds.hashName).update(bytes).digest());
}

/**
 * Checks one data group against the SOD as soon as it is read (so DG1/DG13 can be handed on before
 * DG2 arrives). True only when the SOD lists the group and the hash matches. The SOD's own
 * signature is NOT checked here: use verifyPassive for the full verdict.
 */
export function checkDataGroupHash(sod: Sod, dataGroup: number, bytes: Uint8Array): boolean {
  const expected = sod.lds.dataGroupHashes.get(dataGroup);
  return expected !== undefined && sameBytes(expected, dataGroupHash(sod, bytes));
}

function withinValidity(c: Certificate, at: Date): boolean {
  return at.getTime() >= c.notBefore.getTime() && at.getTime() <= c.notAfter.getTime();
}

export function verifyPassive(input: PassiveInput): PassiveResult {
  const checks: PassiveCheck[] = [];
  const add = (c: PassiveCheck): void => void checks.push(c);
  const now = input.now ?? new Date();
  let sod: Sod;
  try {
    sod = input.sod instanceof Uint8Array ? parseSod(input.sod) : input.sod;
    add({ id: 'sod-structure', status: 'pass', detail: `SOD parsed: ${sod.lds.dataGroupHashes.size} data-group hashes, ${sod.lds.hashName ?? sod.lds.hashAlgorithm.oid}` });
  } catch (err) {
    const detail = err instanceof KioskError ? err.technicianMessage : String(err);
    add({ id: 'sod-structure', status: 'fail', detail });
    return finish(checks, [], [], {});
  }

  // 1. Data-group hashes.
  const verified: number[] = [];
  const failed: number[] = [];
  for (const [dg, bytes] of [...input.dataGroups].sort((a, b) => a[0] - b[0])) {
    const expected = sod.lds.dataGroupHashes.get(dg);
    if (!expected) {
      failed.push(dg);
      add({ id: 'dg-hash', dataGroup: dg, status: 'fail', detail: `DG${dg} was read but the SOD has no hash for it` });
      continue;
    }
    let ok = false;
    try {
      ok = sameBytes(expected, dataGroupHash(sod, bytes));
    } catch (err) {
      add({ id: 'dg-hash', dataGroup: dg, status: 'fail', detail: (err as Error).message });
      failed.push(dg);
      continue;
    }
    (ok ? verified : failed).push(dg);
    add({ id: 'dg-hash', dataGroup: dg, status: ok ? 'pass' : 'fail', detail: ok ? `DG${dg} hash matches the SOD` : `DG${dg} hash does not match the SOD` });
  }

  // 2. Signed attributes bind the LDSSecurityObject; 3. the signature verifies with the DS certificate.
  const cms = verifyCmsSigner(sod);
  if (cms.contentTypeOk !== undefined) {
    add({ id: 'content-type', status: cms.contentTypeOk ? 'pass' : 'fail', detail: cms.contentTypeOk ? 'signed contentType is id-icao-ldsSecurityObject' : `signed contentType is ${cms.signer.contentType ?? 'missing'}` });
  }
  add({ id: 'message-digest', status: cms.messageDigestOk === false ? 'fail' : 'pass', detail: cms.messageDigestDetail });
  const ds = cms.certificate;
  const meta: Pick<PassiveResult, 'documentSigner' | 'csca' | 'signatureEngine'> = {};
  if (!ds) {
    add({ id: 'ds-certificate', status: 'fail', detail: cms.signatureDetail });
    return finish(checks, verified, failed, meta);
  }
  meta.documentSigner = {
    subject: ds.subjectText,
    issuer: ds.issuerText,
    serialNumber: ds.serialNumber.toString(16),
    notBefore: ds.notBefore.toISOString(),
    notAfter: ds.notAfter.toISOString(),
  };
  add({ id: 'ds-certificate', status: 'pass', detail: `Document Signer ${ds.subjectText}` });
  if (cms.engine) meta.signatureEngine = cms.engine;
  add({ id: 'signature', status: cms.signatureOk ? 'pass' : 'fail', detail: `SOD ${cms.signatureDetail}` });
  add({
    id: 'ds-validity',
    status: withinValidity(ds, now) ? 'pass' : 'fail',
    detail: `Document Signer certificate valid ${ds.notBefore.toISOString().slice(0, 10)} to ${ds.notAfter.toISOString().slice(0, 10)}`,
  });

  // 4. Chain to a trusted CSCA: same issuer name (or key identifier), and its signature on the DS certificate.
  const { issuer: chained, nameMatched } = findIssuer(ds, input.trustStore.anchors);
  if (chained) {
    meta.csca = { subject: chained.certificate.subjectText, source: chained.source };
    add({ id: 'chain', status: 'pass', detail: `Document Signer issued by trusted CSCA ${chained.certificate.subjectText}` });
    add({
      id: 'csca-validity',
      status: withinValidity(chained.certificate, now) ? 'pass' : 'fail',
      detail: `CSCA certificate valid ${chained.certificate.notBefore.toISOString().slice(0, 10)} to ${chained.certificate.notAfter.toISOString().slice(0, 10)}`,
    });
  } else if (nameMatched) {
    // A trusted CSCA's name on a certificate it did not sign is a forgery, not an unknown issuer.
    add({ id: 'chain', status: 'fail', detail: `Document Signer names trusted CSCA ${ds.issuerText} but its signature does not verify` });
  } else {
    add({ id: 'chain', status: 'skipped', detail: `no CSCA for ${ds.issuerText} in the trust store` });
  }
  return finish(checks, verified, failed, meta);
}

/** Data tampering (hashes, digest, signature, forged chain) is 'failed'; an unknown or expired issuer is 'issuer-unverified'. */
const HARD: PassiveCheckId[] = ['sod-structure', 'dg-hash', 'content-type', 'message-digest', 'ds-certificate', 'signature'];

function finish(
  checks: PassiveCheck[],
  verified: number[],
  failed: number[],
  meta: Pick<PassiveResult, 'documentSigner' | 'csca' | 'signatureEngine'>,
): PassiveResult {
  const reasons = checks.filter((c) => c.status !== 'pass').map((c) => c.detail);
  const hardFail = checks.some((c) => c.status === 'fail' && (HARD.includes(c.id) || c.id === 'chain'));
  const signatureOk = checks.some((c) => c.id === 'signature' && c.status === 'pass');
  let status: PassiveStatus;
  if (hardFail || !signatureOk) status = 'failed';
  else if (checks.every((c) => c.status === 'pass') && checks.some((c) => c.id === 'chain')) status = 'genuine';
  else status = 'issuer-unverified';
  return { status, checks, reasons, verifiedDataGroups: verified, failedDataGroups: failed, ...meta };
}
