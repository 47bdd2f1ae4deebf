// Runs in: Node (engine). The citizen's procedure journey after the identity is confirmed: choose
// a procedure, a draft auto-filled from the card, edits validated as they come, review, consent,
// submit to the dossier store, receipt printed. The draft lives only in the citizen session, so
// ending the session forgets it with everything else.
import type { Identity } from '../../shared/contract/identity';
import type { DossierSubmitted, DraftFieldView, DraftSectionView, DraftView, ProcedureEdit, ProcedureEntry, ProcedureFieldValue, ProcedureReview } from '../../shared/contract/procedures';
import { sameText, type LocalizedText } from '../../shared/contract/text';
import { KioskError, isKioskError } from '../../shared/errors';
import type { Printer } from '../../../hardware/printer/printer';
import type { KioskConfig } from '../config/schema';
import type { AttachmentInput, DossierStore } from '../dossiers/store';
import {
  appointmentDate,
  applyEdit,
  autofill,
  createDraft,
  draftFields,
  memberViews,
  requiredDocuments,
  resolveTarget,
  searchProcedures,
  sexFromText,
  toUpstream,
  validateDraft,
  type Catalogue,
  type Draft,
  type FieldSource,
  type FieldValue,
  type HolidayCalendar,
  type IdentityForForms,
  type SourcedValue,
  type Target,
} from '../forms';
import { memberValue, parseRowPath, rowCount, rowGetter, rowPath, rowSections } from '../forms/catalogue';
import { addRow, removeRow } from '../forms/draft';
import { evaluate, isFilled } from '../forms/conditions';
import { fieldVisible, sectionVisible } from '../forms/validate';
import type { Field } from '../forms/schema';
import { getLogger } from '../log';
import type { CitizenSession } from '../session/session';
import type { PrinterAlarm } from '../../../hardware/printer/status';
import { printReceipt } from '../tickets/print';
import { joinText, printerCitizenText } from '../tickets/print-notes';
import { printedOrStalled } from '../tickets/print-wait';
import type { AdminUnits } from '../validation/admin-units';
import { formatDateVN, parseDateVN, toIso, type CivilDate } from '../validation/date';
import type { ValidationIssue } from '../validation/issues';

const log = getLogger('procedures');

/** The receipt did not come out: why (the printer's own alarm when it has one), then what to do. */
const RECEIPT_NOT_PRINTED: LocalizedText = {
  vi: 'Máy in chưa in được giấy biên nhận.',
  en: 'The printer could not print your receipt yet; it will print when the printer is working again.',
};
const RECEIPT_FOLLOWS: LocalizedText = {
  vi: 'Hồ sơ đã được nhận; xin ông/bà ghi lại mã hồ sơ trên màn hình.',
  en: 'Your dossier has been received; please write down the dossier code shown on the screen.',
};
const DRAFT_KEY = 'procedure-draft';

/** What the session holds for the journey in progress. */
interface DraftState {
  draft: Draft;
  /** Paths the citizen has edited: their problems are shown at once; others only after "continue". */
  touched: string[];
  showAll: boolean;
  submitted?: DossierSubmitted;
}

export interface ProcedureServiceDeps {
  config: KioskConfig;
  session: CitizenSession;
  catalogue: () => Catalogue;
  adminUnits: () => AdminUnits;
  holidays: () => HolidayCalendar;
  store: () => DossierStore;
  printer: () => Printer | undefined;
  /** The scanned papers for this draft (src/core/documents); fails while a required one is missing. */
  attachments?: (draft: Draft) => Promise<AttachmentInput[]>;
  now?: () => Date;
  /** Procedure codes the centre's provincial system uses, by form id (config upstream.procedureCodes). */
  procedureCodes?: Readonly<Record<string, string>>;
  /** Who the audit log names as submitter: 'citizen', or e.g. 'staff:assisted' (src/core/staff). */
  submitActor?: () => string;
}

const SOURCE_OF_IDENTITY: Record<Identity['source'], FieldSource> = { chip: 'chip-dg13', qr: 'cccd-qr', ocr: 'ocr', typed: 'citizen' };

/**
 * The identity the UI confirmed (contract shape) → what the forms engine auto-fills from. Dates
 * that are not dd/mm/yyyy (an expiry of "Không thời hạn") and an unrecognised sex are left out
 * rather than guessed.
 */
export function identityForForms(identity: Identity): IdentityForForms {
  const source = SOURCE_OF_IDENTITY[identity.source];
  const out: IdentityForForms = {};
  const put = (key: Exclude<keyof IdentityForForms, 'sex'>, value: string | undefined, isDate = false) => {
    const v = value?.normalize('NFC').trim();
    if (!v || (isDate && !parseDateVN(v))) return;
    out[key] = { value: v, source } as SourcedValue;
  };
  put('personalId', identity.idNumber);
  put('oldIdNumber', identity.oldIdNumber);
  put('fullName', identity.fullName);
  put('dateOfBirth', identity.dateOfBirth, true);
  put('nationality', identity.nationality);
  put('ethnicity', identity.ethnicity);
  put('religion', identity.religion);
  put('placeOfOrigin', identity.placeOfOrigin);
  put('permanentAddress', identity.placeOfResidence);
  put('issueDate', identity.dateOfIssue, true);
  put('expiryDate', identity.dateOfExpiry, true);
  put('fatherName', identity.fatherName);
  put('motherName', identity.motherName);
  put('spouseName', identity.spouseName);
  const sex = sexFromText(identity.sex);
  if (sex) out.sex = { value: sex, source };
  return out;
}

function lowerFirst(s: string, locale: 'vi' | 'en' = 'vi'): string {
  return s.slice(0, 1).toLocaleLowerCase(locale) + s.slice(1);
}

/** The same words in both languages around a text from a procedure file: "Người cùng thay đổi 2". */
function around(text: LocalizedText, build: (part: string, lang: 'vi' | 'en') => string): LocalizedText {
  return { vi: build(text.vi, 'vi'), en: build(text.en, 'en') };
}

/** One plain sentence for an interconnected group: what one visit gets done. */
export function groupExplanation(members: readonly { name: LocalizedText }[]): LocalizedText {
  const list = (names: string[], and: string) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)!}` : names.join(''));
  const vi = members.map((m) => lowerFirst(m.name.vi));
  const en = members.map((m) => lowerFirst(m.name.en, 'en'));
  return {
    vi: `Khai một lần, làm cùng lúc ${vi.length} việc: ${list(vi, 'và')}.`,
    en: `Fill in one form and get ${en.length} things done at once: ${list(en, 'and')}.`,
  };
}

export function feeText(amountVnd: number): LocalizedText {
  return amountVnd === 0 ? { vi: 'Không mất lệ phí', en: 'No fee' } : { vi: `${amountVnd.toLocaleString('vi-VN')} đồng`, en: `VND ${amountVnd.toLocaleString('en-US')}` };
}

/**
 * The Decree 13/2023/NĐ-CP consent. The Vietnamese is what the citizen legally agrees to (and what
 * the dossier records); the English is a faithful translation to read, and opens by saying so.
 */
export function consentText(centreName: string, agency: LocalizedText, procedureName: LocalizedText): LocalizedText {
  const vi =
    `Theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân: tôi đồng ý để ${centreName} và ${lowerFirst(agency.vi)} ` +
    `thu thập và xử lý các thông tin cá nhân trong tờ khai này (họ tên, số định danh, ngày sinh, giới tính, địa chỉ, ` +
    `số điện thoại và các thông tin tôi đã khai) chỉ để giải quyết thủ tục "${procedureName.vi}". ` +
    `Thông tin được lưu mã hóa trên máy và gửi lên hệ thống giải quyết thủ tục hành chính; máy xóa thông tin cá nhân ` +
    `sau khi cơ quan đã nhận hồ sơ. Tôi có quyền được biết, xem, sửa, yêu cầu xóa dữ liệu của mình và rút lại sự đồng ý ` +
    `bằng cách liên hệ cán bộ tại quầy; rút lại sự đồng ý không ảnh hưởng đến việc xử lý đã làm trước đó.`;
  const en =
    `(English translation for your information; the Vietnamese text is the one that is legally binding.) ` +
    `Under Decree 13/2023/ND-CP on personal data protection: I agree that this public administration service centre ` +
    `and the ${agency.en} may collect and process the personal data in this form (full name, personal ID number, date of birth, ` +
    `sex, address, phone number and the other details I have given) only to handle the procedure "${procedureName.en}". ` +
    `The data is stored encrypted on this machine and sent to the system that handles administrative procedures; the machine ` +
    `deletes the personal data once the agency has received the dossier. I have the right to be informed about, see, correct ` +
    `and ask for the deletion of my data, and to withdraw my consent, by contacting the staff at the counter; withdrawing ` +
    `consent does not affect processing already done before.`;
  return { vi, en };
}

function viewSource(source: FieldSource | undefined): DraftFieldView['source'] {
  switch (source) {
    case 'chip-dg13':
    case 'chip-dg1':
      return 'chip';
    case 'cccd-qr':
    case 'ocr':
      return 'card';
    case 'document-ocr':
      return 'document';
    case 'citizen':
    case 'staff':
      return 'citizen';
    default:
      return 'none';
  }
}

/** A required field left empty: named plainly, with what to do. */
function citizenMessage(i: ValidationIssue): LocalizedText {
  return i.code === 'required' ? { vi: 'Mục này chưa điền. Xin chạm vào đây để điền.', en: 'Not filled in yet. Please tap here to fill it in.' } : { vi: i.vi, en: i.en };
}

const YES_NO = { yes: { vi: 'Có', en: 'Yes' }, no: { vi: 'Không', en: 'No' } } as const;
const EMPTY: LocalizedText = sameText('');

function targetFile(target: Target) {
  return target.kind === 'procedure' ? target.procedure : target.group;
}

export class ProcedureService {
  /** Submits in flight, per draft: a double tap during the attachments' PDF build files once. */
  private readonly submitting = new WeakMap<DraftState, Promise<DossierSubmitted>>();

  constructor(private readonly deps: ProcedureServiceDeps) {}

  /** The draft in progress, for the documents step; undefined when none. */
  current(): { draft: Draft; submitted: boolean } | undefined {
    const state = this.deps.session.get<DraftState>(DRAFT_KEY);
    return state ? { draft: state.draft, submitted: state.submitted !== undefined } : undefined;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  search(query: string): ProcedureEntry[] {
    const catalogue = this.deps.catalogue();
    const entry = (id: string): ProcedureEntry | null => {
      const target = resolveTarget(catalogue, id);
      if (!target) return null;
      const file = targetFile(target);
      return {
        id: file.id,
        kind: target.kind,
        name: file.name,
        sector: { vi: file.sector.vi, en: file.sector.en },
        icon: file.sector.icon,
        ...(target.kind === 'group' ? { explanation: groupExplanation(target.members) } : {}),
      };
    };
    const ids = query.trim()
      ? searchProcedures(catalogue, query).map((h) => h.id)
      : // Groups first: one visit for several procedures is what most citizens come for.
        [...catalogue.groups.keys(), ...catalogue.procedures.keys()];
    return ids.map(entry).filter((e): e is ProcedureEntry => e !== null);
  }

  places(provinceCode?: string): Array<{ code: string; name: string }> {
    const units = this.deps.adminUnits();
    const list = provinceCode ? units.listCommunes(provinceCode) : units.listProvinces();
    return list.map((u) => ({ code: u.code, name: u.name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  start(id: string): DraftView {
    const identity = this.identity();
    const catalogue = this.deps.catalogue();
    const draft = autofill(catalogue, createDraft(catalogue, id, this.now()), { identity: identityForForms(identity), adminUnits: this.deps.adminUnits() });
    const state: DraftState = { draft, touched: [], showAll: false };
    this.deps.session.put(DRAFT_KEY, state);
    log.info({ procedure: id }, 'draft started');
    return this.view(state);
  }

  edit(path: string, value: ProcedureFieldValue): DraftView {
    const state = this.state();
    if (state.submitted) throw this.alreadySubmitted();
    const catalogue = this.deps.catalogue();
    const edited = applyEdit(catalogue, state.draft, path, value as FieldValue, 'citizen');
    // An answer can change which auto-filled facts apply (who is declaring for whom).
    const identity = this.identity();
    state.draft = autofill(catalogue, edited, { identity: identityForForms(identity), adminUnits: this.deps.adminUnits() });
    if (!state.touched.includes(path)) state.touched.push(path);
    return this.view(state);
  }

  /** procedures.edit: one field as typed, or a row added to / removed from a repeating section. */
  change(request: ProcedureEdit): DraftView {
    if ('path' in request) return this.edit(request.path, request.value);
    if ('addRow' in request) return this.addRow(request.addRow);
    return this.removeRow(request.removeRow, request.index);
  }

  addRow(section: string): DraftView {
    const state = this.state();
    if (state.submitted) throw this.alreadySubmitted();
    const catalogue = this.deps.catalogue();
    const added = addRow(catalogue, state.draft, section);
    state.draft = autofill(catalogue, added, { identity: identityForForms(this.identity()), adminUnits: this.deps.adminUnits() });
    return this.view(state);
  }

  removeRow(section: string, index: number): DraftView {
    const state = this.state();
    if (state.submitted) throw this.alreadySubmitted();
    const catalogue = this.deps.catalogue();
    const removed = removeRow(catalogue, state.draft, section, index);
    state.draft = autofill(catalogue, removed, { identity: identityForForms(this.identity()), adminUnits: this.deps.adminUnits() });
    // Later rows moved up one place: so do the marks of what the citizen has touched.
    state.touched = state.touched.flatMap((p) => {
      const r = parseRowPath(p);
      if (!r || r.section !== section || r.row < index) return [p];
      return r.row === index ? [] : [rowPath(section, r.row - 1, r.field)];
    });
    return this.view(state);
  }

  review(): ProcedureReview {
    const state = this.state();
    const catalogue = this.deps.catalogue();
    const validation = validateDraft(catalogue, state.draft, { adminUnits: this.deps.adminUnits() });
    if (!validation.ok || validation.flagged) {
      state.showAll = true;
      return {
        ready: false,
        message: validation.ok
          ? {
              vi: 'Một số thông tin trên thẻ và tờ khai chưa khớp nhau. Xin mời ông/bà gặp cán bộ tại quầy để được hỗ trợ.',
              en: 'Some details on the card and in the form do not match. Please see the staff at the counter for help.',
            }
          : {
              vi: 'Còn mục chưa điền hoặc chưa đúng. Các mục đó được đánh dấu đỏ ở dưới, xin ông/bà xem lại.',
              en: 'Some items are not filled in or not right yet. They are marked in red below; please check them.',
            },
        draft: this.view(state),
      };
    }
    const target = this.target(state.draft);
    const file = targetFile(target);
    const view = this.view(state);
    return {
      ready: true,
      name: file.name,
      procedures: target.kind === 'group' ? target.members.map((m) => m.name) : [file.name],
      summary: view.sections
        .flatMap((s) => [
          { section: s.title, fields: s.fields },
          // Each row of a repeating section reads as its own small block: "…: Người cùng thay đổi 2".
          ...(s.repeat?.rows.map((r) => ({ section: { vi: `${s.title.vi}: ${r.title.vi}`, en: `${s.title.en}: ${r.title.en}` }, fields: r.fields })) ?? []),
        ])
        .map((s) => ({
          section: s.section,
          rows: s.fields.filter((f) => f.display.vi !== '').map((f) => ({ label: f.label, value: f.display, fromCard: f.source === 'chip' || f.source === 'card' })),
        }))
        .filter((s) => s.rows.length > 0),
      documents: requiredDocuments(catalogue, state.draft)
        .filter((d, i, all) => all.findIndex((o) => o.document.id === d.document.id) === i)
        .map((d) => ({ id: d.document.id, name: d.document.name, required: d.required, ...(d.document.note ? { note: d.document.note } : {}) })),
      feeVnd: file.fee.amountVnd,
      feeText: feeText(file.fee.amountVnd),
      appointmentDate: formatDateVN(this.appointment(file, this.now())),
      consentText: consentText(this.deps.config.centre.name, file.agency, file.name),
    };
  }

  async submit(): Promise<DossierSubmitted> {
    const state = this.state();
    // A retried call (double tap, reconnect) must not file the dossier twice.
    if (state.submitted) return state.submitted;
    const inFlight = this.submitting.get(state);
    if (inFlight) return inFlight;
    const run = this.submitOnce(state).finally(() => this.submitting.delete(state));
    this.submitting.set(state, run);
    return run;
  }

  private async submitOnce(state: DraftState): Promise<DossierSubmitted> {
    const identity = this.identity();
    const catalogue = this.deps.catalogue();
    const units = this.deps.adminUnits();
    const validation = validateDraft(catalogue, state.draft, { adminUnits: units });
    if (!validation.ok || validation.flagged) {
      throw new KioskError({
        code: 'procedures.incomplete',
        technicianMessage: `draft for ${state.draft.targetId} has ${validation.issues.length} open issue(s): ${validation.issues.map((i) => `${i.path}:${i.code}`).join(', ')}`,
        citizenMessage: 'Tờ khai còn mục chưa đúng. Xin ông/bà quay lại kiểm tra.',
      });
    }
    const target = this.target(state.draft);
    const file = targetFile(target);
    const started = this.now();
    const promised = this.appointment(file, started);
    const values = state.draft.values;
    const firstOf = (type: Field['type']) => {
      const f = draftFields(target).find((d) => d.field.type === type && typeof values[d.path] === 'string');
      return f ? (values[f.path] as string) : undefined;
    };
    const procedureCode = this.deps.procedureCodes?.[file.id] ?? file.codes.national ?? file.codes.provincial[0]?.code ?? file.id;
    const attachments = (await this.deps.attachments?.(state.draft)) ?? [];
    // One transaction inside the store; it returns only after commit, so "received" is true.
    const { code, receivedAt } = this.deps.store().submitDossier({
      procedureCode,
      procedureName: file.name.vi,
      promisedAt: Date.parse(`${toIso(promised)}T00:00:00+07:00`),
      personal: {
        ownerName: identity.fullName,
        ownerIdNumber: identity.idNumber,
        ownerType: 1,
        phone: firstOf('phone'),
        email: firstOf('email'),
        address: identity.placeOfResidence,
        summary: `${file.name.vi} — ${identity.fullName}`,
        form: {
          procedureId: file.id,
          kind: target.kind,
          members: toUpstream(catalogue, state.draft, units, this.deps.procedureCodes ? { procedureCodes: this.deps.procedureCodes } : {}),
          values: state.draft.values,
          sources: state.draft.sources,
        },
      },
      attachments,
    }, this.deps.submitActor?.() ?? 'citizen');
    log.info({ procedure: file.id, dossier: code }, 'dossier received');
    const result: DossierSubmitted = {
      dossierCode: code,
      procedureName: file.name,
      appointmentDate: formatDateVN(promised),
      receivedAt: new Date(receivedAt).toISOString(),
      receipt: 'no-printer',
      receiptMessage: { vi: 'Máy không có máy in. Xin ông/bà ghi lại mã hồ sơ trên màn hình.', en: 'This machine has no printer. Please write down the dossier code shown on the screen.' },
    };
    state.submitted = result;
    const printed = await this.printReceipt(result, procedureCode, identity);
    state.submitted = { ...result, ...printed };
    return state.submitted;
  }

  private async printReceipt(r: DossierSubmitted, procedureCode: string, identity: Identity): Promise<Pick<DossierSubmitted, 'receipt' | 'receiptMessage'>> {
    const printer = this.deps.printer();
    if (!printer) return { receipt: 'no-printer', receiptMessage: r.receiptMessage };
    try {
      const promised = parseDateVN(r.appointmentDate)!;
      const { jobId } = await printReceipt(printer, {
        centreName: this.deps.config.centre.name,
        dossierCode: r.dossierCode,
        procedureCode,
        // Printed matter is Vietnamese whatever the screen's language.
        procedureName: r.procedureName.vi,
        applicantName: identity.fullName,
        applicantId: identity.idNumber,
        receivedAt: r.receivedAt,
        appointmentDate: toIso(promised),
      });
      const outcome = await printedOrStalled(printer, jobId);
      if (outcome.printed) {
        log.info({ dossier: r.dossierCode }, 'receipt printed');
        return { receipt: 'printed', receiptMessage: undefined };
      }
      // The dossier is already committed: a printer problem never undoes it, the receipt follows
      // once the printer is back; the citizen is told at once rather than after the whole wait.
      log.warn({ dossier: r.dossierCode, alarm: outcome.alarm?.code ?? null }, 'receipt not printed yet');
      return { receipt: 'pending', receiptMessage: receiptPending(outcome.alarm) };
    } catch (error) {
      log.warn({ dossier: r.dossierCode, code: isKioskError(error) ? error.code : 'unknown' }, 'receipt not printed yet');
      return { receipt: 'pending', receiptMessage: receiptPending(printer.alarms()[0]) };
    }
  }

  private appointment(file: ReturnType<typeof targetFile>, at: Date): CivilDate {
    return appointmentDate(at, file.processingTime, this.deps.holidays());
  }

  private identity(): Identity {
    const identity = this.deps.session.get<Identity>('identity');
    if (!identity) {
      throw new KioskError({
        code: 'procedures.no-identity',
        technicianMessage: 'no confirmed identity in the citizen session',
        citizenMessage: 'Xin ông/bà đặt thẻ Căn cước lên đầu đọc trước.',
      });
    }
    return identity;
  }

  private state(): DraftState {
    const state = this.deps.session.get<DraftState>(DRAFT_KEY);
    if (!state) {
      throw new KioskError({
        code: 'procedures.no-draft',
        technicianMessage: 'no procedure draft in the citizen session (ended, or never started)',
        citizenMessage: 'Phiên làm việc đã kết thúc. Xin ông/bà bắt đầu lại.',
      });
    }
    return state;
  }

  private alreadySubmitted(): KioskError {
    return new KioskError({
      code: 'procedures.already-submitted',
      technicianMessage: 'the session draft was already submitted',
      citizenMessage: 'Hồ sơ này đã được nộp.',
    });
  }

  private target(draft: Draft): Target {
    const target = resolveTarget(this.deps.catalogue(), draft.targetId);
    if (!target) throw new KioskError({ code: 'forms.unknown-procedure', technicianMessage: `procedure ${draft.targetId} left the catalogue`, citizenMessage: 'Thủ tục này hiện chưa thực hiện được trên máy. Xin nhờ cán bộ hướng dẫn.' });
    return target;
  }

  /** The draft as the citizen sees it: visible fields only, by section, with the problems to show. */
  private view(state: DraftState): DraftView {
    const catalogue = this.deps.catalogue();
    const units = this.deps.adminUnits();
    const { draft } = state;
    const target = this.target(draft);
    const file = targetFile(target);
    const validation = validateDraft(catalogue, draft, { adminUnits: units });
    // A field is shown when any member that asks for it shows it, required when any of those requires it.
    const shown = new Map<string, boolean>();
    for (const view of memberViews(target)) {
      const get = (p: string) => memberValue(view, draft.values, p);
      for (const section of view.procedure.sections) {
        const sectionOn = sectionVisible(section, get);
        for (const field of section.fields) {
          if (`${section.id}.${field.id}` in view.fixed) continue;
          if (!sectionOn || !fieldVisible(field, get)) continue;
          const path = view.toDraft(`${section.id}.${field.id}`);
          const required = typeof field.required === 'boolean' ? field.required : evaluate(field.required, get);
          shown.set(path, (shown.get(path) ?? false) || required);
        }
      }
    }
    const fieldView = (path: string, field: Field, required: boolean): DraftFieldView => {
      const value = draft.values[path];
      const visibleIssue = state.showAll || state.touched.includes(path) ? validation.issues.find((i) => i.path === path || i.path.startsWith(`${path}.`)) : undefined;
      return {
        path,
        label: field.label,
        ...(field.help ? { help: field.help } : {}),
        type: field.type,
        value: isFilled(value) ? (value as ProcedureFieldValue) : null,
        display: isFilled(value) ? this.display(field, value!, units) : EMPTY,
        source: isFilled(value) ? viewSource(draft.sources[path]) : 'none',
        required,
        ...(field.options ? { options: field.options.map((o) => ({ value: o.value, label: o.label })) } : {}),
        ...(visibleIssue ? { error: citizenMessage(visibleIssue) } : {}),
      };
    };
    const sections: DraftSectionView[] = [];
    for (const df of draftFields(target)) {
      if (!shown.has(df.path)) continue;
      let section = sections.find((s) => s.id === df.section.id);
      if (!section) {
        section = { id: df.section.id, title: df.section.title, fields: [] };
        sections.push(section);
      }
      section.fields.push(fieldView(df.path, df.field, shown.get(df.path)!));
    }
    for (const rs of rowSections(target).values()) {
      const repeating = this.rowsView(target, rs.id, state, validation.issues, fieldView);
      if (!repeating) continue;
      // Placed after the section that precedes it in its procedure file, as on the paper form.
      const own = memberViews(target).find((v) => v.procedure.id === rs.usedBy[0])!.procedure.sections;
      const before = own.slice(0, own.findIndex((s) => s.id === rs.id)).map((s) => s.id);
      let at = sections.length;
      for (let i = sections.length - 1; i >= 0; i--) {
        if (before.includes(sections[i]!.id)) {
          at = i + 1;
          break;
        }
      }
      sections.splice(at, 0, { id: rs.id, title: rs.section.title, fields: [], repeat: repeating });
    }
    return {
      id: file.id,
      kind: target.kind,
      name: file.name,
      sections,
      complete: validation.ok && !validation.flagged,
      missingCount: validation.missing.length,
    };
  }

  /** A repeating section as the citizen sees it, or null when no member shows it. */
  private rowsView(
    target: Target,
    sectionId: string,
    state: DraftState,
    issues: ValidationIssue[],
    fieldView: (path: string, field: Field, required: boolean) => DraftFieldView,
  ): DraftSectionView['repeat'] | null {
    const { draft } = state;
    const users = memberViews(target).flatMap((view) => {
      const section = view.noRows.has(sectionId) ? undefined : view.procedure.sections.find((s) => s.id === sectionId && s.repeat);
      return section && sectionVisible(section, (p) => memberValue(view, draft.values, p)) ? [{ view, section }] : [];
    });
    if (users.length === 0) return null;
    const { repeat } = users[0]!.section;
    const count = Math.min(rowCount(draft.rows, sectionId), repeat!.max);
    const rows: NonNullable<DraftSectionView['repeat']>['rows'] = [];
    for (let row = 0; row < count; row++) {
      const fields: DraftFieldView[] = [];
      const seen = new Set<string>();
      for (const { view, section } of users) {
        const get = rowGetter(view, draft.values, sectionId, row);
        for (const field of section.fields) {
          if (seen.has(field.id) || !fieldVisible(field, get)) continue;
          seen.add(field.id);
          const required = typeof field.required === 'boolean' ? field.required : evaluate(field.required, get);
          fields.push(fieldView(rowPath(sectionId, row, field.id), field, required));
        }
      }
      rows.push({ index: row, title: around(repeat!.rowLabel, (label) => `${label} ${row + 1}`), fields });
    }
    const countIssue = state.showAll ? issues.find((i) => i.path === sectionId) : undefined;
    return {
      rowLabel: repeat!.rowLabel,
      addLabel: repeat!.addLabel,
      min: repeat!.min,
      max: repeat!.max,
      rows,
      canAdd: count < repeat!.max,
      canRemove: count > repeat!.min,
      ...(countIssue ? { error: citizenMessage(countIssue) } : {}),
    };
  }

  /** The value as read: option labels and yes/no in both languages; names, dates, addresses and typed text as they are. */
  private display(field: Field, value: FieldValue, units: AdminUnits): LocalizedText {
    if (typeof value === 'boolean') return value ? YES_NO.yes : YES_NO.no;
    if (typeof value === 'number') return sameText(String(value));
    if (value === null) return EMPTY;
    if (typeof value === 'object') {
      const formatted = value.communeCode ? units.formatAddress(value.communeCode, value.detail ?? '') : null;
      return sameText(formatted ?? value.text ?? '');
    }
    if (field.type === 'select') return field.options?.find((o) => o.value === value)?.label ?? sameText(value);
    return sameText(value);
  }
}

function receiptPending(alarm: PrinterAlarm | undefined): LocalizedText {
  return joinText(alarm?.citizenMessage ? printerCitizenText(alarm) : RECEIPT_NOT_PRINTED, RECEIPT_FOLLOWS);
}
