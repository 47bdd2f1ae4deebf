// Runs in: Node or Electron main (engine). The CSCA trust store: PEM/DER certificates and ICAO
// master lists from a folder (resources/csca/). The test/ subfolder holds TEST anchors that are
// only loaded on request, so a production kiosk never trusts the sample documents.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KioskError } from '../../../src/shared/errors';
import { certificatesFromPem, parseCertificate, parseMasterList, type Certificate } from '../lds/x509';

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
      if (MASTER_LIST_EXT.test(file)) certs = parseMasterList(bytes);
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
