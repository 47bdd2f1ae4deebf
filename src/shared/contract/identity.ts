// Runs in: every process. The citizen's identity as the UI sees it, and how it is obtained.
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';

export const verificationSchema = z.object({
  /**
   * genuine: chip data signed by a trusted CSCA (passive authentication) — the green badge;
   * issuer-unverified: signature good, no trusted CSCA for it; failed: tampered or broken;
   * not-checked: identity not from a chip (QR, typed, OCR).
   */
  status: z.enum(['genuine', 'issuer-unverified', 'failed', 'not-checked']),
  /** Chip cloning check (Active Authentication), when the chip supports it. */
  activeAuthentication: z.enum(['verified', 'failed', 'not-supported', 'not-run']),
  /** Technician-facing reasons (no personal data). */
  reasons: z.array(z.string()),
});
export type Verification = z.infer<typeof verificationSchema>;

export const identitySchema = z.object({
  source: z.enum(['chip', 'qr', 'ocr', 'typed']),
  idNumber: z.string().regex(/^\d{12}$/),
  fullName: z.string(),
  /** dd/mm/yyyy */
  dateOfBirth: z.string(),
  sex: z.string(),
  nationality: z.string(),
  ethnicity: z.string().optional(),
  religion: z.string().optional(),
  placeOfOrigin: z.string().optional(),
  placeOfResidence: z.string().optional(),
  dateOfIssue: z.string().optional(),
  dateOfExpiry: z.string().optional(),
  fatherName: z.string().optional(),
  motherName: z.string().optional(),
  spouseName: z.string().optional(),
  oldIdNumber: z.string().optional(),
  /** data: URL of the chip's face image (JPEG or PNG), shown for the citizen to confirm. */
  faceImage: z.string().startsWith('data:image/').optional(),
  verification: verificationSchema,
});
export type Identity = z.infer<typeof identitySchema>;

export const readStageSchema = z.enum(['access', 'identity', 'photo', 'verify', 'done']);
export type ReadStage = z.infer<typeof readStageSchema>;

export const identityRequests = {
  'identity.readCard': requestChannel(
    z
      .object({
        /** The 12-digit ID (typed on the keypad or from the front QR): its last 6 digits open the chip (PACE CAN). */
        idNumber: z.string().regex(/^\d{12}$/).optional(),
        /** The 6-digit CAN printed on the card, when the citizen types that instead. */
        can: z.string().regex(/^\d{6}$/).optional(),
      })
      .strict()
      .refine((v) => v.idNumber !== undefined || v.can !== undefined, { message: 'idNumber or can is required' }),
    identitySchema,
    'Open the chip on the reader, read and verify it; the identity joins the citizen session',
  ),
};

export const identityEvents = {
  'identity.progress': eventChannel(
    z.object({ stage: readStageSchema, percent: z.number().min(0).max(100) }),
    'Chip reading progress, in plain stages for the citizen',
  ),
};
