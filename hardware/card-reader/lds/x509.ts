// Runs in: any process (pure). The parts of an X.509 certificate passive authentication needs:
// raw TBS bytes, signature, issuer/subject (raw DER for exact matching), validity, SPKI, key ids.

import { algorithmIdentifier, bitString, explicit, integer, isContext, octetString, oid, sequence, set, string, time, TAG, type AlgorithmIdentifier } from './asn1';
import { OID } from './oids';
import { children, encoded, inContext, ldsMalformed, readSingle, value, type Tlv } from './tlv';

export interface Certificate {
  /** Complete DER encoding. */
  der: Uint8Array;
  tbs: Uint8Array;
  serialNumber: bigint;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Uint8Array;
  /** DER of the issuer Name, compared byte for byte with a CA's subject. */
  issuer: Uint8Array;
  subject: Uint8Array;
  /** "C=VN, O=..., CN=..." for display and logs (not personal data: these are authority names). */
  issuerText: string;
  subjectText: string;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array;
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  isCa?: boolean;
}

const ATTR_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
};

function nameText(t: Tlv): string {
  const parts: string[] = [];
  for (const rdn of sequence(t, 'Name')) {
    for (const atv of set(rdn, 'RelativeDistinguishedName')) {
      const [type, val] = sequence(atv, 'AttributeTypeAndValue');
      if (!type || !val) throw ldsMalformed('AttributeTypeAndValue incomplete');
      const id = oid(type);
      let text: string;
      try {
        text = string(val);
      } catch {
        text = '#';
      }
      parts.push(`${ATTR_NAMES[id] ?? id}=${text}`);
    }
  }
  return parts.join(', ');
}

function parseExtensions(t: Tlv, cert: Partial<Certificate>): void {
  for (const ext of sequence(t, 'Extensions')) {
    const parts = sequence(ext, 'Extension');
    const id = oid(parts[0]!);
    const valueTlv = parts[parts.length - 1]!;
    const inner = octetString(valueTlv);
    if (id === OID.subjectKeyIdentifier) cert.subjectKeyIdentifier = octetString(readSingle(inner));
    else if (id === OID.authorityKeyIdentifier) {
      const kid = children(readSingle(inner, TAG.SEQUENCE)).find((c) => isContext(c, 0));
      if (kid) cert.authorityKeyIdentifier = value(kid);
    } else if (id === OID.basicConstraints) {
      const bc = children(readSingle(inner, TAG.SEQUENCE));
      cert.isCa = bc[0]?.tag === TAG.BOOLEAN && value(bc[0])[0] !== 0;
    }
  }
}

export function parseCertificateTlv(t: Tlv): Certificate {
  const [tbsT, algT, sigT] = sequence(t, 'Certificate');
  if (!tbsT || !algT || !sigT) throw ldsMalformed('Certificate needs tbsCertificate, algorithm and signature');
  const tbs = sequence(tbsT, 'TBSCertificate');
  let i = 0;
  if (tbs[0] && isContext(tbs[0], 0)) {
    explicit(tbs[0], 0);
    i = 1;
  }
  const [serialT, , issuerT, validityT, subjectT, spkiT, ...rest] = tbs.slice(i);
  if (!serialT || !issuerT || !validityT || !subjectT || !spkiT) throw ldsMalformed('TBSCertificate is incomplete');
  const [nb, na] = sequence(validityT, 'Validity');
  if (!nb || !na) throw ldsMalformed('Validity incomplete');
  const cert: Certificate = {
    der: encoded(t),
    tbs: encoded(tbsT),
    serialNumber: integer(serialT),
    signatureAlgorithm: algorithmIdentifier(algT),
    signature: bitString(sigT),
    issuer: encoded(issuerT),
    subject: encoded(subjectT),
    issuerText: nameText(issuerT),
    subjectText: nameText(subjectT),
    notBefore: time(nb),
    notAfter: time(na),
    subjectPublicKeyInfo: encoded(spkiT),
  };
  const extWrapper = rest.find((r) => isContext(r, 3));
  if (extWrapper) parseExtensions(explicit(extWrapper, 3), cert);
  return cert;
}

export function parseCertificate(der: Uint8Array): Certificate {
  return inContext('X.509 certificate', () => parseCertificateTlv(readSingle(der, TAG.SEQUENCE)));
}

/** Certificates from PEM text (one or more BEGIN CERTIFICATE blocks). */
export function certificatesFromPem(pem: string): Certificate[] {
  const out: Certificate[] = [];
  const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    out.push(parseCertificate(Uint8Array.from(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'))));
  }
  return out;
}
