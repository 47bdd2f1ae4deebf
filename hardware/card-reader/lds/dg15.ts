// Runs in: any process (pure). DG15 = [APPLICATION 15] { SubjectPublicKeyInfo } — the Active
// Authentication public key (RSA or EC).

import { algorithmIdentifier, bitString, oid, sequence, TAG } from './asn1';
import { OID } from './oids';
import { encoded, inContext, ldsMalformed, readSingle, readTlv } from './tlv';

export interface Dg15 {
  /** DER SubjectPublicKeyInfo: hand it to crypto.createPublicKey({ format: 'der', type: 'spki' }). */
  subjectPublicKeyInfo: Uint8Array;
  keyType: 'rsa' | 'ec';
  /** For EC keys with a named curve: the curve OID; undefined with explicit parameters. */
  namedCurveOid?: string;
  /** The raw public key (RSAPublicKey DER, or the EC point). */
  publicKey: Uint8Array;
}

export function parseDg15(bytes: Uint8Array): Dg15 {
  return inContext('DG15', () => {
    const root = readSingle(bytes, 0x6f, true);
    const spki = readTlv(root.source, root.valueStart, root.end);
    const [alg, key] = sequence(spki, 'SubjectPublicKeyInfo');
    if (!alg || !key) throw ldsMalformed('SubjectPublicKeyInfo needs an algorithm and a key');
    const a = algorithmIdentifier(alg);
    const publicKey = bitString(key);
    if (a.oid === OID.rsaEncryption) return { subjectPublicKeyInfo: encoded(spki), keyType: 'rsa', publicKey };
    if (a.oid === OID.ecPublicKey) {
      const curve = a.parameters && a.parameters.tag === TAG.OID ? oid(a.parameters) : undefined;
      return { subjectPublicKeyInfo: encoded(spki), keyType: 'ec', publicKey, ...(curve ? { namedCurveOid: curve } : {}) };
    }
    throw ldsMalformed(`unsupported public-key algorithm ${a.oid}`);
  });
}
