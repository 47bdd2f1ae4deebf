// Runs in: any process (pure). Object identifiers used by ICAO 9303 (parts 10-12), BSI TR-03110,
// CMS (RFC 5652) and the X.509/PKCS#1/ECDSA algorithm registries.

const BSI = '0.4.0.127.0.7';

export const OID = {
  // ICAO
  ldsSecurityObject: '2.23.136.1.1.1',
  cscaMasterList: '2.23.136.1.1.2',
  activeAuthentication: '2.23.136.1.1.5',
  // BSI TR-03110 protocol families
  pk: `${BSI}.2.2.1`,
  ta: `${BSI}.2.2.2`,
  ca: `${BSI}.2.2.3`,
  pace: `${BSI}.2.2.4`,
  ecdsaPlain: `${BSI}.1.1.4.1`,
  // CMS
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  // Hashes
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  // Signatures and keys
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha224WithRsa: '1.2.840.113549.1.1.14',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha1: '1.2.840.10045.4.1',
  ecdsaWithSha224: '1.2.840.10045.4.3.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
  // Named curves
  prime256v1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',
  // X.509 extensions
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  // DG13
  iso10646Utf8: '1.0.10646.1.0.8',
} as const;

export type HashName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

const HASH_BY_OID: Record<string, HashName> = {
  [OID.sha1]: 'sha1',
  [OID.sha224]: 'sha224',
  [OID.sha256]: 'sha256',
  [OID.sha384]: 'sha384',
  [OID.sha512]: 'sha512',
};

export function hashNameForOid(oid: string): HashName | undefined {
  return HASH_BY_OID[oid];
}

export const HASH_OIDS: Record<HashName, string> = {
  sha1: OID.sha1,
  sha224: OID.sha224,
  sha256: OID.sha256,
  sha384: OID.sha384,
  sha512: OID.sha512,
};

/** PACE / CA cipher suffixes (TR-03110-3 A.1.1). */
const CIPHER = ['', '3DES-CBC-CBC', 'AES-CBC-CMAC-128', 'AES-CBC-CMAC-192', 'AES-CBC-CMAC-256'];
const PACE_MAPPING: Record<string, string> = { '1': 'DH-GM', '2': 'ECDH-GM', '3': 'DH-IM', '4': 'ECDH-IM', '6': 'ECDH-CAM' };
const CA_KA: Record<string, string> = { '1': 'DH', '2': 'ECDH' };

/** Human name for a BSI protocol OID ("id-PACE-ECDH-GM-AES-CBC-CMAC-128"), or undefined. */
export function protocolName(oid: string): string | undefined {
  if (oid === OID.ta) return 'id-TA';
  if (oid === OID.activeAuthentication) return 'id-AA';
  for (const [prefix, label, table] of [
    [OID.pace, 'id-PACE', PACE_MAPPING],
    [OID.ca, 'id-CA', CA_KA],
  ] as const) {
    if (oid.startsWith(prefix + '.')) {
      const [family, cipher] = oid.slice(prefix.length + 1).split('.');
      const fam = table[family ?? ''];
      const c = CIPHER[Number(cipher)];
      if (fam && c && cipher !== '0') return `${label}-${fam}-${c}`;
      if (fam && cipher === undefined) return `${label}-${fam}`;
    }
  }
  if (oid === `${OID.pk}.1`) return 'id-PK-DH';
  if (oid === `${OID.pk}.2`) return 'id-PK-ECDH';
  return undefined;
}

/** ICAO/BSI standardized domain parameter ids (9303-11 §9.5.1). */
export const STANDARD_DOMAIN_PARAMETERS: Record<number, string> = {
  0: '1024-bit MODP Group with 160-bit Prime Order Subgroup',
  1: '2048-bit MODP Group with 224-bit Prime Order Subgroup',
  2: '2048-bit MODP Group with 256-bit Prime Order Subgroup',
  8: 'NIST P-192',
  9: 'brainpoolP192r1',
  10: 'NIST P-224',
  11: 'brainpoolP224r1',
  12: 'NIST P-256',
  13: 'brainpoolP256r1',
  14: 'brainpoolP320r1',
  15: 'NIST P-384',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'NIST P-521',
};
