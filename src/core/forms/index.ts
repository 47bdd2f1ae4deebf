// Runs in: Node (engine). The forms engine's public API: what the host/UI contract wires up.
export { loadCatalogue, buildCatalogue, parseCatalogueFile, catalogueProblems, DEFAULT_FORMS_DIR } from './loader';
export { resolveTarget, draftFields, memberViews, rowSections, rowPath, parseRowPath, rowCount, rowGetter, type RowSection, type Catalogue, type DisabledEntry, type FormProblem, type Target, type DraftField } from './catalogue';
export { createDraft, autofill, applyEdit, applyAnswers, addRow, removeRow, type AutofillInput } from './draft';
export { validateDraft, validateField, type DraftValidation, type MissingField, type ValidateOptions } from './validate';
export { appointmentDate, loadHolidays, parseHolidays, isWorkingDay, type HolidayCalendar, type ProcessingTimeSpec } from './calendar';
export { toUpstream, type UpstreamPayload } from './upstream';
export { searchProcedures, type SearchHit } from './search';
export { renderDeclarationPdf, loadDefaultFonts, type RenderOptions, type PdfFonts } from './pdf';
export type { Draft, FieldValue, AddressValue } from './draft-types';
export type { IdentityForForms, SourcedValue, FieldSource, DocumentFacts } from './identity';
export type { ProcedureFile, GroupFile, Field, Section, Condition, Text } from './schema';
export { identityFromCccdQr, identityFromDg13, sexFromText } from './identity-sources';
export { KEYS_BY_SOURCE } from './identity';
export { requiredDocuments, type RequiredDocument } from './documents';
