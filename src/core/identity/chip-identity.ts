// Runs in: Node (engine). Turns the chip's files into the Identity the UI shows: DG13 (the
// Vietnamese details) first, DG1's MRZ as the fallback for what DG13 lacks, DG2's face converted
// to something a browser can draw, and the verdicts of passive and active authentication.
import type { Identity, Verification } from '../../shared/contract/identity';
import { KioskError, isKioskError } from '../../shared/errors';
import type { RawDocumentRead } from '../../../hardware/card-reader/reader';
import { parseDg1 } from '../../../hardware/card-reader/lds/dg1';
import { parseDg13, type Dg13 } from '../../../hardware/card-reader/lds/dg13';
import { parseDg2 } from '../../../hardware/card-reader/lds/dg2';
import { faceForDisplay } from '../../../hardware/card-reader/lds/face-image';
import { verifyPassive } from '../../../hardware/card-reader/pa/passive';
import type { TrustStore } from '../../../hardware/card-reader/pa/trust-store';
import { getLogger } from '../log';

const log = getLogger('identity');

/** MRZ YYMMDD -> dd/mm/yyyy; a birth year in the future belongs to the previous century. */
export function mrzDateToVietnamese(yymmdd: string, kind: 'birth' | 'expiry', now = new Date()): string {
  const yy = Number(yymmdd.slice(0, 2));
  const mm = yymmdd.slice(2, 4);
  const dd = yymmdd.slice(4, 6);
  const century = now.getFullYear() - (now.getFullYear() % 100);
  let year = century + yy;
  if (kind === 'birth' && year > now.getFullYear()) year -= 100;
  return `${dd}/${mm}/${year}`;
}

const SEX_VI: Record<string, string> = { M: 'Nam', F: 'Nữ', X: 'Không xác định' };

function identityFromMrz(raw: RawDocumentRead): Partial<Identity> {
  const dg1 = raw.dataGroups.get(1);
  if (!dg1) return {};
  const { mrz } = parseDg1(dg1);
  // CCCD: the full 12-digit ID sits in TD1's optional data; the document number is its last 9.
  const fullId = /\d{12}/.exec(`${mrz.optionalData1}${mrz.optionalData2}`)?.[0];
  return {
    idNumber: fullId,
    fullName: `${mrz.surname} ${mrz.givenNames}`.trim(),
    dateOfBirth: mrzDateToVietnamese(mrz.dateOfBirth, 'birth'),
    dateOfExpiry: mrzDateToVietnamese(mrz.dateOfExpiry, 'expiry'),
    sex: SEX_VI[mrz.sex] ?? mrz.sex,
    nationality: mrz.nationality === 'VNM' ? 'Việt Nam' : mrz.nationality,
  };
}

function fromDg13(dg13: Dg13 | null): Partial<Identity> {
  if (!dg13) return {};
  const pick = <K extends keyof Dg13>(k: K) => (typeof dg13[k] === 'string' && (dg13[k] as string).length ? (dg13[k] as string) : undefined);
  return {
    idNumber: pick('idNumber'),
    fullName: pick('fullName'),
    dateOfBirth: pick('dateOfBirth'),
    sex: pick('sex'),
    nationality: pick('nationality'),
    ethnicity: pick('ethnicity'),
    religion: pick('religion'),
    placeOfOrigin: pick('placeOfOrigin'),
    placeOfResidence: pick('placeOfResidence'),
    dateOfIssue: pick('dateOfIssue'),
    dateOfExpiry: pick('dateOfExpiry'),
    fatherName: pick('fatherName'),
    motherName: pick('motherName'),
    spouseName: pick('spouseName'),
    oldIdNumber: pick('oldIdNumber'),
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function identityFromChip(raw: RawDocumentRead, trustStore: TrustStore): Promise<Identity> {
  const dg13Bytes = raw.dataGroups.get(13);
  let dg13: Dg13 | null = null;
  if (dg13Bytes) {
    try {
      dg13 = parseDg13(dg13Bytes);
    } catch (error) {
      // A DG13 we cannot read leaves the MRZ's fields; the citizen can still go on.
      log.warn({ code: isKioskError(error) ? error.code : 'unknown' }, 'DG13 unreadable; using DG1 only');
    }
  }
  const merged = { ...identityFromMrz(raw), ...defined(fromDg13(dg13)) };
  if (!merged.idNumber || !/^\d{12}$/.test(merged.idNumber)) {
    throw new KioskError({
      code: 'card.no-id-number',
      technicianMessage: 'neither DG13 nor the DG1 MRZ carries a 12-digit personal ID',
      citizenMessage: 'Thẻ này không có số định danh cá nhân 12 số. Xin vui lòng dùng thẻ Căn cước hoặc nhờ cán bộ hỗ trợ.',
    });
  }

  let faceImage: string | undefined;
  const dg2 = raw.dataGroups.get(2);
  if (dg2) {
    try {
      const face = parseDg2(dg2).faces[0];
      if (face) {
        const shown = await faceForDisplay(face);
        faceImage = `data:${shown.mimeType};base64,${Buffer.from(shown.data).toString('base64')}`;
      }
    } catch (error) {
      log.warn({ code: isKioskError(error) ? error.code : 'unknown' }, 'face image not displayable');
    }
  }

  const passive = verifyPassive({ sod: raw.sod, dataGroups: raw.dataGroups, trustStore });
  const aa = raw.activeAuthentication?.status ?? 'not-run';
  const verification: Verification = {
    status: passive.status,
    activeAuthentication: aa,
    reasons: [...passive.reasons, ...(aa === 'failed' ? [`active authentication: ${raw.activeAuthentication?.detail ?? 'failed'}`] : [])],
  };
  // A chip that fails to prove it is not a clone is not genuine, whatever its signature says.
  if (aa === 'failed' && verification.status === 'genuine') verification.status = 'failed';

  return {
    source: 'chip',
    idNumber: merged.idNumber,
    fullName: merged.fullName ?? '',
    dateOfBirth: merged.dateOfBirth ?? '',
    sex: merged.sex ?? '',
    nationality: merged.nationality ?? '',
    ...defined({
      ethnicity: merged.ethnicity,
      religion: merged.religion,
      placeOfOrigin: merged.placeOfOrigin,
      placeOfResidence: merged.placeOfResidence,
      dateOfIssue: merged.dateOfIssue,
      dateOfExpiry: merged.dateOfExpiry,
      fatherName: merged.fatherName,
      motherName: merged.motherName,
      spouseName: merged.spouseName,
      oldIdNumber: merged.oldIdNumber,
      faceImage,
    }),
    verification,
  };
}
