// Runs in: Node or Electron main (engine). Verification of one CMS SignerInfo (RFC 5652 §5.4-5.6),
// shared by the SOD (passive authentication) and CSCA master lists: signed contentType and
// messageDigest bind the content, and the signature verifies with the embedded signer certificate.

import { createHash } from 'node:crypto';
import { KioskError } from '../../../src/shared/errors';
import { hashNameForOid } from '../lds/oids';
import type { SignedData, SignerInfo } from '../lds/sod';
import type { Certificate } from '../lds/x509';
import { resolveSignatureAlgorithm, verifySignature } from './signature';

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

export interface CmsVerification {
  signer: SignerInfo;
  /** undefined when the SignerInfo has no signed attributes (the signature covers eContent). */
  contentTypeOk?: boolean;
  messageDigestOk?: boolean;
  messageDigestDetail: string;
  certificate?: Certificate;
  signatureOk: boolean;
  signatureDetail: string;
  engine?: 'node' | 'noble';
}

export function findSignerCertificate(certificates: Certificate[], signer: SignerInfo): Certificate | undefined {
  const sid = signer.sid;
  return certificates.find((c) =>
    'subjectKeyIdentifier' in sid
      ? c.subjectKeyIdentifier !== undefined && sameBytes(c.subjectKeyIdentifier, sid.subjectKeyIdentifier)
      : sameBytes(c.issuer, sid.issuer) && c.serialNumber === sid.serialNumber,
  );
}

export function verifyCmsSigner(sd: SignedData, extraCertificates: Certificate[] = []): CmsVerification {
  const signer = sd.signerInfos[0]!;
  const out: CmsVerification = { signer, messageDigestDetail: 'no signed attributes: the signature covers the content directly', signatureOk: false, signatureDetail: '' };
  if (signer.signedAttributesDer) {
    out.contentTypeOk = signer.contentType === sd.contentType;
    const hash = hashNameForOid(signer.digestAlgorithm.oid);
    if (!signer.messageDigest) {
      out.messageDigestOk = false;
      out.messageDigestDetail = 'signed attributes carry no messageDigest';
    } else if (!hash) {
      out.messageDigestOk = false;
      out.messageDigestDetail = `digest algorithm ${signer.digestAlgorithm.oid} not supported`;
    } else {
      out.messageDigestOk = sameBytes(signer.messageDigest, new Uint8Array(createHash(hash).update(sd.eContent).digest()));
      out.messageDigestDetail = out.messageDigestOk ? 'messageDigest matches the signed content' : 'messageDigest does not match the signed content';
    }
  }
  const cert = findSignerCertificate([...sd.certificates, ...extraCertificates], signer);
  if (!cert) {
    out.signatureDetail = 'the certificate named by the SignerInfo is not embedded';
    return out;
  }
  out.certificate = cert;
  try {
    const algorithm = resolveSignatureAlgorithm(signer.signatureAlgorithm, signer.digestAlgorithm);
    const r = verifySignature(cert.subjectPublicKeyInfo, algorithm, signer.signedAttributesDer ?? sd.eContent, signer.signature);
    out.signatureOk = r.valid;
    out.engine = r.engine;
    out.signatureDetail = `signature ${r.valid ? 'valid' : 'invalid'} (${algorithm.scheme}/${algorithm.hash}, ${r.engine})`;
  } catch (err) {
    out.signatureDetail = err instanceof KioskError ? err.technicianMessage : String(err);
  }
  return out;
}

/** The trusted certificate (if any) whose key verifies `cert`'s signature and whose subject is its issuer. */
export function findIssuer<T extends { certificate: Certificate }>(cert: Certificate, anchors: T[]): { issuer?: T; nameMatched: boolean } {
  const candidates = anchors.filter(
    (a) =>
      sameBytes(a.certificate.subject, cert.issuer) ||
      (cert.authorityKeyIdentifier !== undefined &&
        a.certificate.subjectKeyIdentifier !== undefined &&
        sameBytes(cert.authorityKeyIdentifier, a.certificate.subjectKeyIdentifier)),
  );
  for (const a of candidates) {
    try {
      if (verifySignature(a.certificate.subjectPublicKeyInfo, resolveSignatureAlgorithm(cert.signatureAlgorithm), cert.tbs, cert.signature).valid) {
        return { issuer: a, nameMatched: true };
      }
    } catch {
      /* an anchor with an unusable key simply does not chain */
    }
  }
  return { nameMatched: candidates.length > 0 };
}
