// Runs in: Node (engine) and Electron (no Node imports). Pure.
// ISO 7816-4 command APDU encode/parse (short and extended), kept here so secure messaging can work
// on raw bytes whatever layer above produced them.
import { KioskError } from '../../../src/shared/errors';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected response length Ne: undefined = no Le field; 256 (short) / 65536 (extended) = "all". */
  ne?: number;
}

export function encodeApdu(cmd: CommandApdu, forceExtended = false): Uint8Array {
  const nc = cmd.data.length;
  const ne = cmd.ne;
  const extended = forceExtended || nc > 255 || (ne !== undefined && ne > 256);
  const out: number[] = [cmd.cla, cmd.ins, cmd.p1, cmd.p2];
  if (!extended) {
    if (nc > 0) out.push(nc, ...cmd.data);
    if (ne !== undefined) out.push(ne === 256 ? 0 : ne);
  } else {
    if (nc > 0) out.push(0, nc >> 8, nc & 0xff, ...cmd.data);
    if (ne !== undefined) {
      const le = ne >= 65536 ? 0 : ne;
      if (nc === 0) out.push(0);
      out.push(le >> 8, le & 0xff);
    }
  }
  return Uint8Array.from(out);
}

function malformed(msg: string): KioskError {
  return new KioskError({ code: 'card.apdu-malformed', technicianMessage: `malformed command APDU: ${msg}` });
}

/** Parses the four ISO 7816-3 cases, short and extended. Throws KioskError on malformed input. */
export function parseApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw malformed('shorter than a header');
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const empty = new Uint8Array(0);
  if (body.length === 0) return { cla, ins, p1, p2, data: empty };
  if (body.length === 1) return { cla, ins, p1, p2, data: empty, ne: body[0] === 0 ? 256 : body[0]! };
  if (body[0] !== 0) {
    const nc = body[0]!;
    if (body.length === 1 + nc) return { cla, ins, p1, p2, data: body.slice(1) };
    if (body.length === 2 + nc) return { cla, ins, p1, p2, data: body.slice(1, 1 + nc), ne: body[1 + nc] === 0 ? 256 : body[1 + nc]! };
    throw malformed('short Lc does not match length');
  }
  // Extended: first body byte 00.
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { cla, ins, p1, p2, data: empty, ne: le === 0 ? 65536 : le };
  }
  if (body.length < 3) throw malformed('truncated extended length');
  const nc = (body[1]! << 8) | body[2]!;
  if (nc === 0) throw malformed('extended Lc of zero');
  if (body.length === 3 + nc) return { cla, ins, p1, p2, data: body.slice(3) };
  if (body.length === 5 + nc) {
    const le = (body[3 + nc]! << 8) | body[4 + nc]!;
    return { cla, ins, p1, p2, data: body.slice(3, 3 + nc), ne: le === 0 ? 65536 : le };
  }
  throw malformed('extended Lc does not match length');
}

export function statusWord(response: Uint8Array): number {
  if (response.length < 2) return -1;
  return (response[response.length - 2]! << 8) | response[response.length - 1]!;
}
