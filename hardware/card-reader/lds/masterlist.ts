// Runs in: any process (pure). ICAO CSCA master list (9303-12 §9): CMS SignedData whose content is
// CscaMasterList { version, certList SET OF Certificate }, signed by a Master List Signer.

import { sequence, set, TAG } from './asn1';
import { OID } from './oids';
import { parseSignedData, type SignedData } from './sod';
import { inContext, ldsMalformed, readSingle } from './tlv';
import { parseCertificateTlv, type Certificate } from './x509';

export interface MasterList {
  /** The CSCA certificates the list carries. */
  certificates: Certificate[];
  /** The CMS envelope (signer, signer certificate) for signature verification. */
  signedData: SignedData;
}

export function parseMasterList(der: Uint8Array): MasterList {
  return inContext('CSCA master list', () => {
    const signedData = parseSignedData(readSingle(der, TAG.SEQUENCE, true), OID.cscaMasterList, 'id-icao-cscaMasterList');
    const ml = sequence(readSingle(signedData.eContent, TAG.SEQUENCE), 'CscaMasterList');
    const list = ml[1];
    if (!list) throw ldsMalformed('master list has no certificate set');
    return { certificates: set(list, 'certList').map(parseCertificateTlv), signedData };
  });
}
