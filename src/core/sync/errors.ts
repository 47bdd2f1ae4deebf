// Runs in: Node (engine). Upstream failures, classified by what the worker should do about them.
import { KioskError } from '../../shared/errors';

/**
 * - retry:  transient (network, timeout, 5xx, garbled reply) — back off and try again.
 * - reject: the upstream refused this dossier permanently — dead-letter it with the reason.
 * - auth:   the session is missing/expired — log in again, then retry.
 */
export type UpstreamErrorKind = 'retry' | 'reject' | 'auth';

export class UpstreamError extends KioskError {
  readonly kind: UpstreamErrorKind;
  /** True when the request may never have reached the upstream (the link is suspect). */
  readonly network: boolean;

  constructor(kind: UpstreamErrorKind, code: string, technicianMessage: string, options: { network?: boolean; cause?: unknown } = {}) {
    super({
      code,
      technicianMessage,
      citizenMessage: 'Hồ sơ đã được lưu và sẽ được gửi khi có kết nối.',
      retryable: kind !== 'reject',
      cause: options.cause,
    });
    this.kind = kind;
    this.network = options.network ?? false;
  }
}

export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof UpstreamError;
}

/** Anything else thrown during delivery is treated as transient: never lose a dossier to a bug path. */
export function classify(e: unknown): UpstreamError {
  if (e instanceof UpstreamError) return e;
  if (e instanceof KioskError) return new UpstreamError(e.retryable ? 'retry' : 'reject', e.code, e.technicianMessage, { cause: e });
  return new UpstreamError('retry', 'upstream.unexpected', e instanceof Error ? `${e.name}: ${e.message}` : String(e), { cause: e });
}
