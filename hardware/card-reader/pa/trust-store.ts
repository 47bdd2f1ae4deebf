// Runs in: Node or Electron main (engine). The CSCA trust store: PEM/DER certificates and ICAO
// master lists from a folder (resources/csca/). The test/ subfolder holds TEST anchors that are
// only loaded on request, so a production kiosk never trusts the sample documents.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KioskError } from '../../../src/shared/errors';
import { parseMasterList } from '../lds/masterlist';
import { certificatesFromPem, parseCertificate, type Certificate } from '../lds/x509';
import { findIssuer, verifyCmsSigner } from './cms';

export interface TrustAnchor {
  certificate: Certificate;
  /** File it came from, relative to the store root. */
  source: string;
}

export interface TrustStore {
  anchors: TrustAnchor[];
  /** Files that could not be read as certificates or master lists (reported, not fatal). */
  rejected: { source: string; reason: string }[];
}

export interface LoadTrustStoreOptions {
  /** Also load `<dir>/test/` (the sample documents' TEST CSCA). Never in production. */
  includeTestAnchors?: boolean;
  /** Take master lists whose CMS signature does not verify (default: reject them). */
  acceptUnverifiedMasterLists?: boolean;
}

/**
 * A master list's certificates, once its signature verifies and its signer chains to a CSCA in the
 * list itself (how PKD participants publish them) or to one already trusted.
 */
export function certificatesFromMasterList(bytes: Uint8Array, trusted: TrustAnchor[] = [], acceptUnverified = false): Certificate[] {
  const ml = parseMasterList(bytes);
  if (acceptUnverified) return ml.certificates;
  const v = verifyCmsSigner(ml.signedData);
  const problem =
    !v.signatureOk ? v.signatureDetail
    : v.messageDigestOk === false ? v.messageDigestDetail
    : v.contentTypeOk === false ? 'signed contentType is not id-icao-cscaMasterList'
    : !findIssuer(v.certificate!, [...ml.certificates.map((certificate) => ({ certificate })), ...trusted]).issuer ? 'master list signer does not chain to a CSCA'
    : undefined;
  if (problem) {
    throw new KioskError({ code: 'config.master-list-unverified', technicianMessage: `CSCA master list rejected: ${problem}` });
  }
  return ml.certificates;
}

const CERT_EXT = /\.(pem|crt|cer|der)$/i;
const MASTER_LIST_EXT = /\.(ml|mls)$/i;

function filesUnder(dir: string, skipTest: boolean, root = dir, depth = 0): string[] {
  if (depth > 8) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (skipTest && relative(root, p) === 'test') continue;
      out.push(...filesUnder(p, skipTest, root, depth + 1));
    } else if (CERT_EXT.test(name) || MASTER_LIST_EXT.test(name)) out.push(p);
  }
  return out;
}

export function trustStoreFromCertificates(certs: Certificate[], source = 'memory'): TrustStore {
  return { anchors: certs.map((certificate) => ({ certificate, source })), rejected: [] };
}

export function loadTrustStore(dir: string, options: LoadTrustStoreOptions = {}): TrustStore {
  let files: string[];
  try {
    files = filesUnder(dir, !options.includeTestAnchors);
  } catch (err) {
    throw new KioskError({
      code: 'config.trust-store-unreadable',
      technicianMessage: `CSCA trust store ${dir} cannot be read: ${(err as Error).message}`,
      cause: err,
    });
  }
  const store: TrustStore = { anchors: [], rejected: [] };
  for (const file of files) {
    const source = relative(dir, file);
    try {
      const bytes = new Uint8Array(readFileSync(file));
      let certs: Certificate[];
      if (MASTER_LIST_EXT.test(file)) certs = certificatesFromMasterList(bytes, store.anchors, options.acceptUnverifiedMasterLists);
      else {
        const text = Buffer.from(bytes).toString('latin1');
        certs = text.includes('-----BEGIN CERTIFICATE-----') ? certificatesFromPem(text) : [parseCertificate(bytes)];
      }
      for (const certificate of certs) store.anchors.push({ certificate, source });
    } catch (err) {
      store.rejected.push({ source, reason: err instanceof KioskError ? err.technicianMessage : String(err) });
    }
  }
  return store;
}
