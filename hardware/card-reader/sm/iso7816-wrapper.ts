// Runs in: Node (engine) and Electron (no Node imports).
// Adapts the byte-level SecureMessaging to the ISO 7816-4 layer's ApduWrapper (structured
// CommandApdu / ResponseApdu), so Iso7816Card.setWrapper() protects every later command.
import { decodeCommand, decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from '../iso7816/apdu';
import type { ApduWrapper } from '../iso7816/card';
import { concat } from '../crypto/bytes';
import { SecureMessaging, type SmSessionKeys } from './secure-messaging';

export class Iso7816SmWrapper implements ApduWrapper {
  readonly sm: SecureMessaging;

  constructor(keys: SmSessionKeys) {
    this.sm = new SecureMessaging(keys);
  }

  wrap(cmd: CommandApdu): CommandApdu {
    return decodeCommand(this.sm.wrap(encodeCommand(cmd)));
  }

  unwrap(resp: ResponseApdu): ResponseApdu {
    return decodeResponse(this.sm.unwrap(concat(resp.data, Uint8Array.of(resp.sw >> 8, resp.sw & 0xff))));
  }
}
