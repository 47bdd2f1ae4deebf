// Runs in: Node (engine). Reads the chip on the reader for the current citizen: progress in
// plain stages, the identity into the session (and nowhere else), typed errors out.
import type { Identity, ReadStage as UiStage } from '../../shared/contract/identity';
import { KioskError } from '../../shared/errors';
import type { CardReaderDevice } from '../../../hardware/registry';
import { readDocument, type ReadStage } from '../../../hardware/card-reader/reader';
import type { TrustStore } from '../../../hardware/card-reader/pa/trust-store';
import type { EventBus } from '../events';
import { getLogger } from '../log';
import type { CitizenSession } from '../session/session';
import { identityFromChip } from './chip-identity';

const log = getLogger('identity');

/** Where each chip stage sits on the 0–100 bar the citizen sees. */
const BANDS: Record<UiStage, [number, number]> = {
  access: [0, 20],
  identity: [20, 45],
  photo: [45, 85],
  verify: [85, 98],
  done: [100, 100],
};

export function uiStageOf(stage: ReadStage): UiStage {
  if (stage === 'access') return 'access';
  if (stage === 'dg2') return 'photo';
  if (stage === 'com' || stage === 'sod' || stage === 'dg1' || stage === 'dg13') return 'identity';
  return 'verify';
}

export function progressPercent(stage: ReadStage, done: number, total: number): number {
  const [from, to] = BANDS[uiStageOf(stage)];
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  return Math.round(from + (to - from) * fraction);
}

export class IdentityService {
  constructor(
    private readonly reader: () => CardReaderDevice | undefined,
    private readonly trustStore: () => TrustStore,
    private readonly bus: EventBus,
    private readonly session: CitizenSession,
  ) {}

  async readCard(request: { idNumber?: string; can?: string }): Promise<Identity> {
    const reader = this.reader();
    if (!reader) {
      throw new KioskError({
        code: 'card.no-reader',
        technicianMessage: 'no card reader is configured',
        citizenMessage: 'Máy chưa có đầu đọc thẻ. Xin vui lòng nhờ cán bộ hỗ trợ.',
      });
    }
    const can = request.can ?? request.idNumber!.slice(-6);
    let lastPercent = -1;
    // Files do not arrive in band order (the SOD may follow the photo): the bar never goes back.
    const report = (stage: UiStage, rawPercent: number) => {
      const percent = Math.max(rawPercent, lastPercent);
      if (percent === lastPercent) return;
      lastPercent = percent;
      this.bus.emit('identity.progress', { stage, percent });
    };
    report('access', 0);
    const started = performance.now();
    const raw = await reader.withCard((channel) =>
      readDocument(channel, { can }, { onProgress: (stage, done, total) => report(uiStageOf(stage), progressPercent(stage, done, total)) }),
    );
    report('verify', 90);
    const identity = await identityFromChip(raw, this.trustStore());
    if (request.idNumber && request.idNumber !== identity.idNumber) {
      // The typed ID opened the chip (same last 6 digits) but is not this card's number.
      throw new KioskError({
        code: 'card.id-mismatch',
        technicianMessage: 'the typed ID differs from the chip ID in digits outside the CAN',
        citizenMessage: 'Số căn cước vừa nhập không khớp với thẻ trên đầu đọc. Xin vui lòng kiểm tra lại.',
      });
    }
    this.session.put('identity', identity);
    report('done', 100);
    log.info(
      { protocol: raw.access.protocol, verification: identity.verification.status, aa: identity.verification.activeAuthentication, ms: Math.round(performance.now() - started) },
      'chip read',
    );
    return identity;
  }
}
