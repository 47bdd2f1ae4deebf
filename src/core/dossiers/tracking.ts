// Runs in: Node (engine). The public progress view of a dossier: the timeline the store keeps,
// refreshed from the upstream when the link allows, formatted for the citizen in Vietnam time;
// names and statuses in both of the kiosk's languages.
import type { DossierTimeline } from '../../shared/contract/tracking';
import { KioskError } from '../../shared/errors';
import type { SyncWorker } from '../sync/worker';
import type { ProcedureNames } from './procedure-names';
import { dossierStatusText } from './status';
import type { DossierStore } from './store';

const dateTime = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
const dateOnly = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' });

/** dd/mm/yyyy HH:mm whatever the runtime's ICU puts between the parts. */
export function formatVietnamTime(ms: number, withTime = true): string {
  const parts = Object.fromEntries((withTime ? dateTime : dateOnly).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const date = `${parts.day}/${parts.month}/${parts.year}`;
  return withTime ? `${date} ${parts.hour}:${parts.minute}` : date;
}

/** `names` gives the procedure's name in both languages (procedure-names.ts); without it, as stored. */
export async function lookupDossier(code: string, store: DossierStore, sync: SyncWorker | null, names?: ProcedureNames): Promise<DossierTimeline> {
  const timeline = sync ? await sync.refresh(code) : store.timeline(code);
  if (!timeline) {
    throw new KioskError({
      code: 'dossier.not-found',
      technicianMessage: `no dossier ${code.slice(0, 60)} in this kiosk's store`,
      citizenMessage: 'Không tìm thấy hồ sơ này tại máy. Xin vui lòng kiểm tra lại mã hồ sơ hoặc hỏi cán bộ tại quầy.',
    });
  }
  return {
    code: timeline.code,
    procedureName: names ? names(timeline.procedureCode, timeline.procedureName) : { vi: timeline.procedureName, en: timeline.procedureName },
    receivedAt: formatVietnamTime(timeline.receivedAt),
    appointmentDate: timeline.promisedAt === null ? null : formatVietnamTime(timeline.promisedAt, false),
    status: timeline.status,
    statusText: dossierStatusText(timeline.status),
    delivered: timeline.delivered,
    events: timeline.events.map((e) => ({ status: e.status, statusText: dossierStatusText(e.status), at: formatVietnamTime(e.at), source: e.source })),
  };
}
