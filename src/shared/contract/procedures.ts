// Runs in: every process. The citizen's procedure journey after the identity is confirmed: choose
// a procedure, fill what the chip could not, review, consent, submit. The draft itself stays in the
// engine's citizen session; the UI only ever holds the view of it these channels return. Every text
// the citizen reads comes in both languages ({ vi, en }); the screen picks the visit's language, so
// a switch mid-form needs no new call. Dates (dd/mm/yyyy), codes and what the citizen typed are
// the same in both.
import { z } from 'zod';
import { requestChannel } from './channel';
import { localizedTextSchema as text } from './text';

/**
 * Pictures for the procedure categories, so a citizen who reads slowly can find "the one with the
 * house" (residence) or "the one with the family" (civil status). A procedure file names its
 * sector's picture; the renderer draws it.
 */
export const SECTOR_ICONS = ['civil-status', 'residence', 'health-insurance', 'social-protection', 'justice', 'business', 'document'] as const;
export const sectorIconSchema = z.enum(SECTOR_ICONS);
export type SectorIcon = z.infer<typeof sectorIconSchema>;

export const procedureEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['procedure', 'group']),
  name: text,
  /** Category the UI groups the big buttons by (the procedure's sector). */
  sector: text,
  /** The sector's picture, beside its title and on each of its buttons. */
  icon: sectorIconSchema,
  /** Groups only: one plain sentence saying what the citizen gets from one visit. */
  explanation: text.optional(),
});
export type ProcedureEntry = z.infer<typeof procedureEntrySchema>;

export const addressValueSchema = z
  .object({
    provinceCode: z.string().max(16).optional(),
    communeCode: z.string().max(16).optional(),
    detail: z.string().max(300).optional(),
    text: z.string().max(500).optional(),
  })
  .strict();
export type AddressFieldValue = z.infer<typeof addressValueSchema>;

export const fieldValueSchema = z.union([z.string().max(2000), z.number().finite(), z.boolean(), addressValueSchema, z.null()]);
export type ProcedureFieldValue = z.infer<typeof fieldValueSchema>;

export const draftFieldSchema = z.object({
  /** `section.field`: what procedures.edit takes. */
  path: z.string(),
  label: text,
  help: text.optional(),
  type: z.enum(['text', 'textarea', 'name', 'date', 'time', 'personalId', 'oldIdNumber', 'phone', 'email', 'select', 'boolean', 'integer', 'address']),
  value: fieldValueSchema,
  /** What the citizen reads as the value (select label, address in words, Có/Không); empty when unfilled. */
  display: text,
  /**
   * chip: read from the ID card's chip; card: from the card's QR or OCR (both shown "Từ thẻ Căn
   * cước"); document: OCR of a supporting document; citizen: typed here; none: empty.
   */
  source: z.enum(['chip', 'card', 'document', 'citizen', 'none']),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), label: text })).optional(),
  /** Plain-language problem to show next to the field; only once the citizen has touched it or tried to continue. */
  error: text.optional(),
});
export type DraftFieldView = z.infer<typeof draftFieldSchema>;

/**
 * A section whose fields repeat once per row (CT01 item 11: household members changing together).
 * Row field paths are `section[row].field`; rows are added and removed with procedures.edit.
 */
export const draftRowsSchema = z.object({
  /** Names one row: "Người cùng thay đổi" → shown as "Người cùng thay đổi 2". */
  rowLabel: text,
  /** The add button's words. */
  addLabel: text,
  min: z.number().int().nonnegative(),
  max: z.number().int().positive(),
  rows: z.array(z.object({ index: z.number().int().nonnegative(), title: text, fields: z.array(draftFieldSchema) })),
  canAdd: z.boolean(),
  canRemove: z.boolean(),
  /** Plain-language problem with the row count itself (too few rows). */
  error: text.optional(),
});
export type DraftRowsView = z.infer<typeof draftRowsSchema>;

export const draftSectionSchema = z.object({
  id: z.string(),
  title: text,
  /** The section's single fields; empty for a repeating section, whose fields are in `repeat.rows`. */
  fields: z.array(draftFieldSchema),
  repeat: draftRowsSchema.optional(),
});
export type DraftSectionView = z.infer<typeof draftSectionSchema>;

/** Every field of a draft view, row fields included, in screen order. */
export function allDraftFields(draft: { sections: readonly DraftSectionView[] }): DraftFieldView[] {
  return draft.sections.flatMap((s) => [...s.fields, ...(s.repeat?.rows.flatMap((r) => r.fields) ?? [])]);
}

export const draftViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['procedure', 'group']),
  name: text,
  sections: z.array(draftSectionSchema),
  /** Nothing blocks submission. */
  complete: z.boolean(),
  /** Required fields still empty. */
  missingCount: z.number().int().nonnegative(),
});
export type DraftView = z.infer<typeof draftViewSchema>;

export const reviewSchema = z.discriminatedUnion('ready', [
  z.object({
    ready: z.literal(false),
    /** Why the citizen cannot go on yet. */
    message: text,
    /** Every problem is now shown next to its field. */
    draft: draftViewSchema,
  }),
  z.object({
    ready: z.literal(true),
    name: text,
    /** Members of an interconnected group, by name (one entry for a plain procedure). */
    procedures: z.array(text),
    /** Values read as on the form: option labels and yes/no translated; names, dates and typed text as given. */
    summary: z.array(z.object({ section: text, rows: z.array(z.object({ label: text, value: text, fromCard: z.boolean() })) })),
    /** `id` is the documents step's document id (documents.scan), to mark the papers scanned here. */
    documents: z.array(z.object({ id: z.string(), name: text, required: z.boolean(), note: text.optional() })),
    feeVnd: z.number().int().nonnegative(),
    feeText: text,
    /** dd/mm/yyyy if submitted now. */
    appointmentDate: z.string(),
    /**
     * Decree 13/2023/NĐ-CP consent text the citizen agrees to before submitting. The Vietnamese is
     * the binding text; the English is a translation for reading and says so.
     */
    consentText: text,
  }),
]);
export type ProcedureReview = z.infer<typeof reviewSchema>;

export const submittedSchema = z.object({
  dossierCode: z.string(),
  procedureName: text,
  /** dd/mm/yyyy. */
  appointmentDate: z.string(),
  /** ISO instant the dossier was committed. */
  receivedAt: z.string(),
  /** printed: the receipt came out; pending: it prints when the printer recovers; no-printer: none configured. */
  receipt: z.enum(['printed', 'pending', 'no-printer']),
  /** When the receipt is not 'printed': what to tell the citizen. */
  receiptMessage: text.optional(),
});
export type DossierSubmitted = z.infer<typeof submittedSchema>;

export const placeSchema = z.object({ code: z.string(), name: z.string() });

export const procedureEditSchema = z.union([
  /** `section.field`, or `section[row].field` inside a repeating section. */
  z.object({ path: z.string().min(3).max(100), value: fieldValueSchema }).strict(),
  /** Appends one empty row to a repeating section. */
  z.object({ addRow: z.string().min(1).max(64) }).strict(),
  /** Removes one row; the rows after it move up one place. */
  z.object({ removeRow: z.string().min(1).max(64), index: z.number().int().min(0).max(99) }).strict(),
]);
export type ProcedureEdit = z.infer<typeof procedureEditSchema>;

export const procedureRequests = {
  'procedures.search': requestChannel(
    z.object({ query: z.string().max(100) }).strict(),
    z.array(procedureEntrySchema),
    'Procedures and interconnected groups matching a query (diacritics ignored); an empty query lists them all',
  ),
  'procedures.start': requestChannel(
    z.object({ id: z.string().min(1).max(64) }).strict(),
    draftViewSchema,
    'Start a draft for a procedure, auto-filled from the identity in the session',
  ),
  'procedures.edit': requestChannel(
    procedureEditSchema,
    draftViewSchema,
    'Set one field of the session draft as typed by the citizen, or add/remove a row of a repeating section; returns the draft with validation',
  ),
  'procedures.review': requestChannel(
    z.object({}).strict(),
    reviewSchema,
    'Check the whole draft: either every problem shown by its field, or the summary, documents, fee, appointment date and consent text',
  ),
  'procedures.places': requestChannel(
    z.object({ provinceCode: z.string().max(16).optional() }).strict(),
    z.array(placeSchema),
    'Administrative units after the 2025 reform: provinces, or the communes of one province',
  ),
  'dossier.submit': requestChannel(
    z.object({ consent: z.literal(true) }).strict(),
    submittedSchema,
    'Store the session draft as a dossier (one transaction; "received" only after commit) and print the receipt',
  ),
};
