// Runs in: Node (engine). Pure. Printer URIs from the config.
import { KioskError } from '../../src/shared/errors';

export type PrinterAddress =
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'usblp'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'cups'; queue: string; server?: string };

const bad = (uri: string, why: string) =>
  new KioskError({
    code: 'printer.bad-uri',
    technicianMessage: `printer URI "${uri}": ${why} (forms: serial:/dev/ttyUSB0?baud=115200, usblp:/dev/usb/lp0, tcp://host:9100, cups:QUEUE[?server=HOST|/socket])`,
    citizenMessage: 'Máy in chưa được cấu hình đúng. Xin vui lòng báo cán bộ.',
  });

const BAUDS = new Set([1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600]);

export function parsePrinterUri(uri: string): PrinterAddress {
  const s = uri.trim();
  if (s.startsWith('serial:')) {
    const [p, q = ''] = s.slice(7).split('?', 2) as [string, string?];
    if (!p.startsWith('/')) throw bad(uri, 'serial path must be absolute');
    const params = new URLSearchParams(q);
    for (const k of params.keys()) if (k !== 'baud') throw bad(uri, `unknown parameter "${k}"`);
    const baud = params.has('baud') ? Number(params.get('baud')) : 115200;
    if (!BAUDS.has(baud)) throw bad(uri, `unsupported baud rate ${params.get('baud')}`);
    return { kind: 'serial', path: p, baudRate: baud };
  }
  if (s.startsWith('usblp:')) {
    const p = s.slice(6);
    if (!p.startsWith('/')) throw bad(uri, 'usblp path must be absolute');
    return { kind: 'usblp', path: p };
  }
  if (s.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(s);
    if (!m) throw bad(uri, 'expected tcp://host:port');
    const port = m[2] === undefined ? 9100 : Number(m[2]);
    if (port < 1 || port > 65535) throw bad(uri, `port ${port} out of range`);
    return { kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, ''), port };
  }
  if (s.startsWith('cups:')) {
    const [q, query = ''] = s.slice(5).split('?', 2) as [string, string?];
    // CUPS queue names: printable, no space, slash or hash.
    if (!/^[A-Za-z0-9_.@-]{1,127}$/.test(q)) throw bad(uri, 'invalid CUPS queue name');
    const params = new URLSearchParams(query);
    for (const k of params.keys()) if (k !== 'server') throw bad(uri, `unknown parameter "${k}"`);
    const server = params.get('server');
    // server = host[:port] or the path of cupsd's domain socket (lp -h).
    if (server !== null && !/^(\/[\w./-]+|[A-Za-z0-9.-]+(:\d{1,5})?)$/.test(server)) throw bad(uri, 'invalid CUPS server');
    return { kind: 'cups', queue: q, ...(server ? { server } : {}) };
  }
  throw bad(uri, 'unknown scheme');
}
