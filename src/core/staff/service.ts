// Runs in: Node (engine). What the centre's staff can do behind their PIN: see the outbox and why a
// dossier has not reached the provincial system, retry or resubmit it, reprint a receipt, see
// today's queue, and start an assisted citizen session. Every method checks the unlocked role
// itself (AuthService.require('staff'); a technician passes too), so a handler cannot forget to.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Printer } from '../../../hardware/printer/printer';
import type { AssistStatus, QueueToday, ReprintResult, StaffActionResult, StaffOutbox } from '../../shared/contract/staff';
import type { LocalizedText } from '../../shared/contract/text';
import { KioskError } from '../../shared/errors';
import type { KioskConfig } from '../config/schema';
import type { DossierStore } from '../dossiers/store';
import { getLogger } from '../log';
import type { CitizenSession } from '../session/session';
import type { SyncWorker } from '../sync/worker';
import type { AuthService, Role } from '../technician/auth';
import type { ProcedureNames } from '../dossiers/procedure-names';
import { printReceipt } from '../tickets/print';
import { PRINT_WAIT_MS, printedOrStalled } from '../tickets/print-wait';
import { joinText, printerStaffText } from '../tickets/print-notes';
import { outboxView } from './outbox-view';
import { queueToday } from './queue-today';

const log = getLogger('staff');

/** Session key of the assisted-mode marker: it lives and dies with the citizen session. */
export const ASSIST_KEY = 'staff-assist';
/** Reason recorded with each reprint's personal-data read; also how reprints are counted. */
const REPRINT_REASON = 'reprint receipt';
const REPRINT_FOLLOWS: LocalizedText = { vi: 'Bản in lại sẽ tự ra khi máy in sẵn sàng.', en: 'The reprint comes out by itself once the printer is ready.' };

interface AssistMarker {
  role: Role;
  startedAt: number;
  /** The grant that started it (it may expire while the citizen finishes: the marker stays). */
  grantExpiresAt: number;
}

export interface StaffServiceDeps {
  auth: AuthService;
  config: Pick<KioskConfig, 'centre' | 'queue'>;
  session: CitizenSession;
  store: () => DossierStore;
  /** Null when no upstream is configured (no credentials): dossiers wait in the outbox. */
  sync: () => SyncWorker | null;
  /** The engine's database, which holds the queue-number tables. */
  queueDb: () => Database;
  printer: () => Printer | undefined;
  /** The procedure's name in both languages (src/core/dossiers/procedure-names.ts); without it, as stored. */
  procedureNames?: ProcedureNames;
  now?: () => number;
  /** An assisted start lapses if no citizen data reaches the session within this time. Default 10 min. */
  assistLapseMs?: number;
}

export class StaffService {
  private readonly now: () => number;
  private readonly lapseMs: number;
  private lapseTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: StaffServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.lapseMs = deps.assistLapseMs ?? 10 * 60_000;
  }

  private link(): StaffOutbox['link'] {
    const sync = this.deps.sync();
    return sync === null ? 'not-configured' : sync.state().online ? 'online' : 'offline';
  }

  outbox(): StaffOutbox {
    this.deps.auth.require('staff');
    return outboxView(this.deps.store(), this.now(), this.link(), this.deps.procedureNames);
  }

  /** Reschedules one pending row (or all) for now and wakes the worker. */
  retry(target: { id: number } | { all: true }): StaffActionResult {
    const grant = this.deps.auth.require('staff');
    const rescheduled = this.deps.store().retryNow('id' in target ? target.id : 'all', grant.role);
    if ('id' in target && rescheduled === 0) {
      throw new KioskError({
        code: 'staff.not-pending',
        technicianMessage: `outbox row ${target.id} is not pending (delivered, dead-lettered or unknown)`,
        citizenMessage: 'Hồ sơ này không còn ở hàng chờ gửi (đã gửi xong hoặc bị từ chối). Xin tải lại danh sách.',
      });
    }
    log.info({ role: grant.role, rows: rescheduled }, 'staff: retry now');
    return this.wake(rescheduled);
  }

  /** A dead-lettered row back in line (the store audits it with the unlocked role). */
  resubmit(id: number): StaffActionResult {
    const grant = this.deps.auth.require('staff');
    const store = this.deps.store();
    const row = store.getOutbox(id);
    if (!row || row.state !== 'dead') {
      throw new KioskError({
        code: 'staff.not-dead',
        technicianMessage: `outbox row ${id} is not dead-lettered (state ${row?.state ?? 'unknown'})`,
        citizenMessage: 'Hồ sơ này không nằm trong danh sách bị từ chối. Xin tải lại danh sách.',
      });
    }
    store.resubmit(id, grant.role);
    log.info({ role: grant.role, dossier: row.dossierCode }, 'staff: dead letter resubmitted');
    return this.wake(1);
  }

  private wake(rescheduled: number): StaffActionResult {
    this.deps.sync()?.kick();
    const link = this.link();
    const message: LocalizedText =
      link === 'online'
        ? rescheduled > 0
          ? { vi: `Đang gửi lại ${rescheduled} hồ sơ lên hệ thống của tỉnh.`, en: `Sending ${rescheduled} ${rescheduled === 1 ? 'application' : 'applications'} to the province's system again.` }
          : { vi: 'Không có hồ sơ nào đang chờ gửi.', en: 'No application is waiting to be sent.' }
        : link === 'offline'
          ? {
              vi: 'Chưa kết nối được hệ thống của tỉnh. Máy tự thử lại vài giây một lần và gửi ngay khi có kết nối.',
              en: "The province's system cannot be reached yet. The kiosk tries again every few seconds and sends as soon as it is connected.",
            }
          : {
              vi: 'Máy chưa được cấu hình kết nối hệ thống của tỉnh; hồ sơ vẫn được lưu an toàn. Xin báo kỹ thuật viên.',
              en: "The connection to the province's system is not set up; applications are stored safely. Please tell a technician.",
            };
    return { rescheduled, link, message };
  }

  /**
   * Reprints a dossier's receipt, marked "BẢN IN LẠI". The receipt carries the applicant's name and
   * ID, so the read goes through readPersonalData with the staff role and a reason: audited.
   */
  async reprint(code: string): Promise<ReprintResult> {
    const grant = this.deps.auth.require('staff');
    const store = this.deps.store();
    const dossier = store.getDossier(code.trim());
    if (!dossier) {
      throw new KioskError({ code: 'dossier.not-found', technicianMessage: `no dossier ${code.trim()}`, citizenMessage: 'Không tìm thấy hồ sơ có mã này trên máy. Xin kiểm tra lại mã.' });
    }
    if (dossier.purgedAt !== null) throw purged(dossier.code);
    if (dossier.promisedAt === null) {
      throw new KioskError({
        code: 'staff.reprint-incomplete',
        technicianMessage: `dossier ${dossier.code} has no appointment date; its receipt cannot be rebuilt`,
        citizenMessage: 'Hồ sơ này không có ngày hẹn trả nên không in lại được giấy biên nhận. Xin tra cứu tiến độ bằng mã hồ sơ.',
      });
    }
    // No printer, no read: personal data is touched only when it will be printed.
    const printer = this.deps.printer();
    if (!printer) {
      throw new KioskError({ code: 'staff.no-printer', technicianMessage: 'no printer configured', citizenMessage: 'Máy không có máy in phiếu nên không in lại được.' });
    }
    const number = store.auditLog(dossier.code).filter((e) => e.action === 'read-personal' && e.detail?.startsWith(REPRINT_REASON)).length + 1;
    const personal = store.readPersonalData(dossier.code, grant.role, `${REPRINT_REASON} #${number}`);
    if (!personal) throw purged(dossier.code);
    const { jobId } = await printReceipt(
      printer,
      {
        centreName: this.deps.config.centre.name,
        dossierCode: dossier.code,
        procedureCode: dossier.procedureCode,
        procedureName: dossier.procedureName,
        applicantName: personal.ownerName,
        applicantId: personal.ownerIdNumber,
        receivedAt: new Date(dossier.receivedAt).toISOString(),
        appointmentDate: new Date(dossier.promisedAt).toISOString(),
      },
      { reprint: number, now: new Date(this.now()) },
    );
    const procedureName = this.deps.procedureNames?.(dossier.procedureCode, dossier.procedureName) ?? { vi: dossier.procedureName, en: dossier.procedureName };
    const result = { dossierCode: dossier.code, procedureName, reprint: number };
    const outcome = await printedOrStalled(printer, jobId, PRINT_WAIT_MS);
    if (outcome.printed) {
      log.info({ role: grant.role, dossier: dossier.code, reprint: number }, 'staff: receipt reprinted');
      return { ...result, print: 'printed' };
    }
    // Queued in the printer's durable job store: it comes out once the paper is refilled.
    log.warn({ dossier: dossier.code, reprint: number, alarm: outcome.alarm?.code ?? null }, 'staff: reprint not printed yet');
    return {
      ...result,
      print: 'pending',
      message: joinText(printerStaffText(outcome.alarm), REPRINT_FOLLOWS),
    };
  }

  queueToday(): QueueToday {
    this.deps.auth.require('staff');
    return queueToday(this.deps.queueDb(), this.deps.config.queue.services, new Date(this.now()));
  }

  /**
   * Assisted mode: staff walk a citizen through the journey. `start` ends whatever session was on
   * the kiosk (nothing of a previous citizen may leak into this one) and marks the new session;
   * the dossier it submits is then filed with the actor `<role>:assisted`. The mark goes with the
   * session (finish, timeout, card removal) and lapses if no citizen turns up in time.
   */
  assist(action: 'start' | 'stop' | 'status'): AssistStatus {
    const grant = this.deps.auth.require('staff');
    if (action === 'start') {
      this.deps.session.end('staff');
      const marker: AssistMarker = { role: grant.role, startedAt: this.now(), grantExpiresAt: grant.expiresAt };
      this.deps.session.put(ASSIST_KEY, marker);
      this.armLapse(marker);
      log.info({ role: grant.role }, 'staff: assisted session started');
    } else if (action === 'stop' && this.marker()) {
      // Only the mark goes: a citizen half-way through keeps their journey.
      this.deps.session.put(ASSIST_KEY, null);
      this.clearLapse();
      log.info({ role: grant.role }, 'staff: assisted mode stopped');
    }
    return this.assistStatus();
  }

  /** The audit actor dossier.submit records: 'citizen', or '<role>:assisted'. */
  submitActor(): string {
    const marker = this.marker();
    return marker ? `${marker.role}:assisted` : 'citizen';
  }

  stop(): void {
    this.clearLapse();
  }

  private marker(): AssistMarker | null {
    return this.deps.session.get<AssistMarker | null>(ASSIST_KEY) ?? null;
  }

  private assistStatus(): AssistStatus {
    const m = this.marker();
    if (!m) return { active: false, role: null, startedAt: null, lapsesAt: null };
    const waiting = this.deps.session.size <= 1;
    return { active: true, role: m.role, startedAt: new Date(m.startedAt).toISOString(), lapsesAt: waiting ? new Date(m.startedAt + this.lapseMs).toISOString() : null };
  }

  private armLapse(marker: AssistMarker): void {
    this.clearLapse();
    this.lapseTimer = setTimeout(() => {
      this.lapseTimer = null;
      // Still only the mark in the session: no citizen came; the next walk-in is not "assisted".
      if (this.deps.session.get(ASSIST_KEY) === marker && this.deps.session.size <= 1) {
        log.info('staff: assisted start lapsed (no citizen)');
        this.deps.session.end('timeout');
      }
    }, this.lapseMs);
    this.lapseTimer.unref();
  }

  private clearLapse(): void {
    if (this.lapseTimer) clearTimeout(this.lapseTimer);
    this.lapseTimer = null;
  }
}

function purged(code: string): KioskError {
  return new KioskError({
    code: 'staff.reprint-purged',
    technicianMessage: `dossier ${code}: personal data purged after upstream receipt; the receipt cannot be rebuilt`,
    citizenMessage: 'Thông tin cá nhân của hồ sơ này đã được xoá theo quy định sau khi cơ quan nhận hồ sơ, nên không in lại được giấy biên nhận. Có thể tra cứu tiến độ bằng mã hồ sơ.',
  });
}
