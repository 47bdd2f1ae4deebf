// Runs in: Node (engine). URI -> link.
import { parsePrinterUri } from '../uri';
import { CupsLink } from './cups';
import type { PrinterLink } from './link';
import { SerialLink } from './serial';
import { TcpLink } from './tcp';
import { UsbLpLink } from './usblp';

export type { PrinterLink } from './link';

export function createLink(uri: string): PrinterLink {
  const a = parsePrinterUri(uri);
  switch (a.kind) {
    case 'serial':
      return new SerialLink(a.path, a.baudRate);
    case 'usblp':
      return new UsbLpLink(a.path);
    case 'tcp':
      return new TcpLink(a.host, a.port);
    case 'cups':
      return new CupsLink(a.queue, a.server);
  }
}
