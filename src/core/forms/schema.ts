// Runs in: Node (engine). Pure: the zod schema every file under forms/ must satisfy.
// Procedures change by decree, so they are data; this schema is the contract between whoever
// edits those files and the engine, and `kiosk forms check` enforces it in CI.
import { z } from 'zod';
import { sectorIconSchema } from '../../shared/contract/procedures';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/u, 'must be kebab-case: lower-case letters, digits and dashes');
const fieldId = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/u, 'must be camelCase letters and digits');
/** `section.field`, the address of a value in a draft. */
export const fieldPath = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/u, 'must be "section.field"');

export const Text = z.object({ vi: z.string().min(1), en: z.string().min(1) }).strict();
export type Text = z.infer<typeof Text>;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export type Condition =
  | { field: string; equals: string | number | boolean }
  | { field: string; notEquals: string | number | boolean }
  | { field: string; in: (string | number | boolean)[] }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ field: fieldPath, equals: scalar }).strict(),
    z.object({ field: fieldPath, notEquals: scalar }).strict(),
    z.object({ field: fieldPath, in: z.array(scalar).min(1) }).strict(),
    z.object({ field: fieldPath, filled: z.boolean() }).strict(),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

export const FIELD_TYPES = [
  'text', 'textarea', 'name', 'date', 'time', 'personalId', 'oldIdNumber', 'phone', 'email',
  'select', 'boolean', 'integer', 'address',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Identity facts the kiosk can know before the citizen types anything (see IdentityForForms). */
export const IDENTITY_KEYS = [
  'personalId', 'oldIdNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'ethnicity', 'religion',
  'placeOfOrigin', 'permanentAddress', 'identifyingMarks', 'issueDate', 'expiryDate', 'fatherName',
  'motherName', 'spouseName',
] as const;
export type IdentityKey = (typeof IDENTITY_KEYS)[number];

const Autofill = z.union([
  z.object({ identity: z.enum(IDENTITY_KEYS), when: Condition.optional() }).strict(),
  z.object({ document: id, key: fieldId, when: Condition.optional() }).strict(),
]);

const Rules = z
  .object({
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).optional(),
    pattern: z.string().optional(),
    patternMessage: Text.optional(),
    notFuture: z.boolean().optional(),
    ageUnder: z.number().int().min(1).optional(),
    ageAtLeast: z.number().int().min(0).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    phone: z.enum(['mobile', 'landline', 'any']).optional(),
    /** personalId: the fields holding the same person's date of birth and sex. */
    consistentWith: z.object({ dateOfBirth: fieldPath.optional(), sex: fieldPath.optional() }).strict().optional(),
    /** date: must not be before this other date field (e.g. death after birth). */
    notBefore: fieldPath.optional(),
  })
  .strict();

export const Field = z
  .object({
    id: fieldId,
    type: z.enum(FIELD_TYPES),
    label: Text,
    help: Text.optional(),
    required: z.union([z.boolean(), Condition]).default(false),
    when: Condition.optional(),
    options: z.array(z.object({ value: z.string().min(1), label: Text }).strict()).min(1).optional(),
    rules: Rules.optional(),
    autofill: z.array(Autofill).optional(),
    /** The indicator/item number on the official paper form, e.g. "[01]" or "4". */
    formItem: z.string().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a select field needs options' });
    if (f.type !== 'select' && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `options are only for select fields, not ${f.type}` });
    if (f.rules?.pattern !== undefined) {
      try {
        new RegExp(f.rules.pattern, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', path: ['rules', 'pattern'], message: 'not a valid regular expression' });
      }
    }
  });
export type Field = z.infer<typeof Field>;

/**
 * A section whose fields are asked once per row: household members changing together (CT01 item
 * 11), a residence history. Values live at `section[row].field`; inside the section, a reference
 * to `section.field` means the same row's field.
 */
export const Repeat = z
  .object({
    min: z.number().int().min(0).max(50).default(0),
    max: z.number().int().min(1).max(50),
    /** Names one row for the citizen and in messages: "Thành viên" → "Thành viên 2". */
    rowLabel: Text,
    /** The add button's words, e.g. "Thêm người cùng thay đổi". */
    addLabel: Text,
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.min > r.max) ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${r.min}) is greater than max (${r.max})` });
  });
export type Repeat = z.infer<typeof Repeat>;

export const Section = z
  .object({ id: fieldId, title: Text, when: Condition.optional(), repeat: Repeat.optional(), fields: z.array(Field).min(1) })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.fields.forEach((f, i) => {
      if (seen.has(f.id)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'id'], message: `duplicate field id "${f.id}"` });
      seen.add(f.id);
    });
  });
export type Section = z.infer<typeof Section>;

export const Document = z
  .object({
    id,
    name: Text,
    required: z.union([z.boolean(), Condition]),
    scanRequired: z.boolean(),
    accept: z.array(z.enum(['pdf', 'jpeg', 'png'])).min(1),
    copies: z.enum(['original', 'certified-copy', 'copy-with-original', 'any']).default('any'),
    note: Text.optional(),
  })
  .strict();
export type Document = z.infer<typeof Document>;

const Codes = z
  .object({
    /** National MaTTHC, e.g. "1.001193"; null when no verified code is known. */
    national: z.string().regex(/^\d\.\d{6}(?:\.\d{2})?$/u, 'must look like 1.001193').nullable(),
    provincial: z.array(z.object({ code: z.string().min(3), province: z.string().optional() }).strict()).default([]),
    verified: z.boolean(),
    note: z.string().optional(),
  })
  .strict();

const ProcessingTime = z
  .object({
    workingDays: z.number().int().min(0).max(365),
    /** For same-day procedures: after this local time (HH:MM) the result is due the next working day. */
    sameDayCutoff: z.string().regex(/^\d{2}:\d{2}$/u).optional(),
    note: Text.optional(),
    verified: z.boolean(),
  })
  .strict();

const Fee = z
  .object({ amountVnd: z.number().int().min(0), note: Text.optional(), verified: z.boolean() })
  .strict();

const OfficialForm = z
  .object({ ref: z.string().min(1), basis: z.string().min(1), verified: z.boolean(), note: z.string().optional() })
  .strict();

export const TRANSFORMS = ['text', 'upper', 'date-yyyyMMdd', 'sex-code', 'address-province', 'address-commune', 'address-detail', 'address-text', 'boolean-01'] as const;
const UpstreamScalar = z.union([
  fieldPath,
  z.object({ path: fieldPath, transform: z.enum(TRANSFORMS) }).strict(),
  z.object({ const: scalar }).strict(),
]);
export type UpstreamScalar = z.infer<typeof UpstreamScalar>;
const UpstreamValue = z.union([
  UpstreamScalar,
  /** A repeating section as an array of objects, one per row (`QuaTrinhCuTru[{TuNam, …}]`). */
  z.object({ rows: fieldId, fields: z.record(z.string().min(1), UpstreamScalar) }).strict(),
]);
export type UpstreamValue = z.infer<typeof UpstreamValue>;

const Upstream = z
  .object({
    system: z.string().min(1),
    /** False while the names come from reverse-read public code, not a published spec. */
    verified: z.boolean(),
    fields: z.record(z.string().min(1), UpstreamValue),
  })
  .strict();

/** Text with `{{section.field}}` placeholders; `{{today}}` is the print date. */
const Template = z.string();
const Block = z.union([
  z.object({ kind: z.literal('heading'), text: Template, size: z.number().min(6).max(24).optional(), align: z.enum(['left', 'center']).default('center'), when: Condition.optional() }).strict(),
  z.object({ kind: z.literal('paragraph'), text: Template, when: Condition.optional() }).strict(),
  z.object({ kind: z.literal('line'), label: z.string().min(1), value: Template, when: Condition.optional() }).strict(),
  z.object({ kind: z.literal('spacer'), height: z.number().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('signature'), left: z.string().optional(), right: z.string().min(1), name: Template.optional() }).strict(),
  /** A repeating section printed as a ruled table, one line per row, numbered. */
  z
    .object({
      kind: z.literal('table'),
      rows: fieldId,
      /** Printed above the table (the form's item label). */
      title: Template.optional(),
      columns: z
        .array(z.object({ header: z.string().min(1), value: Template, width: z.number().min(0.5).max(10).default(1) }).strict())
        .min(1)
        .max(8),
      /** Printed in the table when there are no rows. */
      empty: z.string().default('Không có'),
      when: Condition.optional(),
    })
    .strict(),
]);
export type Block = z.infer<typeof Block>;

const Declaration = z
  .object({
    /** Printed file name stem and heading; one declaration per procedure. */
    title: z.string().min(1),
    form: OfficialForm,
    pageSize: z.enum(['A4']).default('A4'),
    fontSize: z.number().min(8).max(14).default(11),
    blocks: z.array(Block).min(1),
  })
  .strict();
export type Declaration = z.infer<typeof Declaration>;

const Common = {
  schemaVersion: z.literal(1),
  id,
  codes: Codes,
  name: Text,
  /** `icon`: the category's picture on the kiosk (`document` when none fits). */
  sector: Text.extend({ icon: sectorIconSchema.default('document') }),
  agency: Text,
  legalBasis: z.array(z.string().min(1)).min(1),
  keywords: z.array(z.string().min(1)).default([]),
  fee: Fee,
  processingTime: ProcessingTime,
  documents: z.array(Document).default([]),
};

export const ProcedureFile = z
  .object({
    ...Common,
    kind: z.literal('procedure'),
    sections: z.array(Section).min(1),
    upstream: Upstream,
    declaration: Declaration,
  })
  .strict();
export type ProcedureFile = z.infer<typeof ProcedureFile>;

export const GroupFile = z
  .object({
    ...Common,
    kind: z.literal('group'),
    members: z
      .array(
        z
          .object({
            procedure: id,
            /** member field path → group field path, for data the member names differently. */
            bind: z.record(fieldPath, fieldPath).default({}),
            /** member field path → value that is fixed inside this group (never asked). */
            fixed: z.record(fieldPath, scalar).default({}),
            /** Repeating sections of the member that have no rows inside this group (never asked, printed empty). */
            noRows: z.array(fieldId).default([]),
          })
          .strict(),
      )
      .min(2),
  })
  .strict();
export type GroupFile = z.infer<typeof GroupFile>;

export const CatalogueFile = z.discriminatedUnion('kind', [ProcedureFile, GroupFile]);
export type CatalogueFile = z.infer<typeof CatalogueFile>;
