// Runs in: Node (engine). The lowest layer of the chip stack (JMRTD-style layering:
// transport -> secure-messaging wrapper -> file system -> LDS objects).

/** One card session: raw APDU exchange with the card currently in the reader. */
export interface CardChannel {
  /** Answer-to-reset of the card, as reported by the reader. */
  readonly atr: Uint8Array;
  /** Sends a command APDU, returns the full response APDU (data followed by SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

export type CardEvent =
  | { type: 'inserted'; reader: string; atr: Uint8Array }
  | { type: 'removed'; reader: string };
