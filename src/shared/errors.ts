// Runs in: every process (renderer, engine, host, Electron main). No Node or DOM imports.
//
// Every failure that can reach a person is a KioskError: a stable code for tests and logs, a
// technician message naming the cause, and a plain-Vietnamese message a citizen can act on.

export interface KioskErrorData {
  /** Stable, dotted, lower-case: `card.wrong-key`, `config.invalid`, `printer.paper-out`. */
  code: string;
  /** For technicians and logs: the cause, in English, with no personal data. */
  technicianMessage: string;
  /** For the citizen: short, plain Vietnamese, says what to do next. */
  citizenMessage: string;
  /** True when trying the same thing again may succeed (link down, card moved). */
  retryable: boolean;
}

export const GENERIC_CITIZEN_MESSAGE =
  'Máy đang gặp sự cố. Xin vui lòng thử lại hoặc nhờ cán bộ hướng dẫn.';

export class KioskError extends Error implements KioskErrorData {
  readonly code: string;
  readonly technicianMessage: string;
  readonly citizenMessage: string;
  readonly retryable: boolean;

  constructor(data: {
    code: string;
    technicianMessage: string;
    citizenMessage?: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super(data.technicianMessage, data.cause === undefined ? undefined : { cause: data.cause });
    this.name = 'KioskError';
    this.code = data.code;
    this.technicianMessage = data.technicianMessage;
    this.citizenMessage = data.citizenMessage ?? GENERIC_CITIZEN_MESSAGE;
    this.retryable = data.retryable ?? false;
  }

  toJSON(): KioskErrorData {
    return {
      code: this.code,
      technicianMessage: this.technicianMessage,
      citizenMessage: this.citizenMessage,
      retryable: this.retryable,
    };
  }

  static fromData(data: KioskErrorData): KioskError {
    return new KioskError(data);
  }
}

export function isKioskError(value: unknown): value is KioskError {
  return value instanceof KioskError;
}

/**
 * Wraps anything thrown into a KioskError so the boundary never leaks a raw exception (or its
 * message, which may quote input) to a citizen.
 */
export function toKioskError(value: unknown, code = 'internal.unexpected'): KioskError {
  if (value instanceof KioskError) return value;
  const detail = value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  return new KioskError({ code, technicianMessage: detail, cause: value });
}
