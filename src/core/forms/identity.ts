// Runs in: Node (engine) and the renderer alike: pure types.
// What the kiosk knows about the person at the screen before they type anything, and where each
// fact came from, so the UI can mark "from your ID card" and staff can see what was typed.
import type { IdentityKey } from './schema';

export type FieldSource =
  /** CCCD chip, DG13 (personal details, VN profile). */
  | 'chip-dg13'
  /** CCCD chip, DG1 (MRZ data). */
  | 'chip-dg1'
  /** The QR code on the front of the CCCD. */
  | 'cccd-qr'
  /** OCR of the card (front/back/MRZ). */
  | 'ocr'
  /** OCR of a supporting document (birth notice, death notice). */
  | 'document-ocr'
  /** Typed or chosen by the citizen at the kiosk. */
  | 'citizen'
  /** Entered by staff in assisted mode. */
  | 'staff';

export interface SourcedValue<T = string> {
  value: T;
  source: FieldSource;
}

/**
 * Identity input for auto-fill. Every field is optional: the chip, the QR and OCR each know a
 * different subset. Dates are dd/mm/yyyy; sex is normalised; addresses are the free text printed or
 * stored on the card (old three-level style), parsed into codes by the engine.
 */
export interface IdentityForForms {
  personalId?: SourcedValue;
  /** 9-digit CMND carried on the chip (DG13) or the QR. */
  oldIdNumber?: SourcedValue;
  fullName?: SourcedValue;
  dateOfBirth?: SourcedValue;
  sex?: SourcedValue<'male' | 'female'>;
  nationality?: SourcedValue;
  ethnicity?: SourcedValue;
  religion?: SourcedValue;
  placeOfOrigin?: SourcedValue;
  permanentAddress?: SourcedValue;
  identifyingMarks?: SourcedValue;
  issueDate?: SourcedValue;
  expiryDate?: SourcedValue;
  fatherName?: SourcedValue;
  motherName?: SourcedValue;
  spouseName?: SourcedValue;
}

/** Fields OCR'd from a supporting document, by document id then key (e.g. `giay-chung-sinh` → `childName`). */
export type DocumentFacts = Record<string, Record<string, SourcedValue>>;

/** Which identity keys each physical source can provide (the chip→form table test uses this). */
export const KEYS_BY_SOURCE: Record<'chip-dg13' | 'chip-dg1' | 'cccd-qr', readonly IdentityKey[]> = {
  'chip-dg13': [
    'personalId', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'ethnicity', 'religion', 'placeOfOrigin',
    'permanentAddress', 'identifyingMarks', 'issueDate', 'expiryDate', 'fatherName', 'motherName', 'spouseName', 'oldIdNumber',
  ],
  'chip-dg1': ['personalId', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'expiryDate'],
  // CCCD front QR: id|old id|name|dob ddmmyyyy|sex|address|issue date ddmmyyyy.
  'cccd-qr': ['personalId', 'oldIdNumber', 'fullName', 'dateOfBirth', 'sex', 'permanentAddress', 'issueDate'],
};
