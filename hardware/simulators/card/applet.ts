// Runs in: Node (simulator). The card side of a virtual smart card: what the vpcd bridge feeds
// each command APDU to. Implementations: an ISO 7816-4 file-system card, and the eMRTD (CCCD)
// applet layered on it with BAC/PACE and secure messaging.

export interface CardApplet {
  /** Answer-to-reset the virtual reader reports. */
  readonly atr: Uint8Array;
  /** Power-on / cold reset: forget selected files and any secure-messaging session. */
  reset(): void;
  /** One command APDU in, one response APDU (data + SW1 SW2) out. Never throws on bad input. */
  process(command: Uint8Array): Uint8Array;
}
