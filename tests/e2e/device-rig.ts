// The real-parts rig most journey specs need: the sample CCCD on a leased vpcd slot (pcscd), a
// virtual ESC/POS printer on TCP and a virtual serial QR scanner, plus the `devices:` YAML that
// points a kiosk at them. One place, so every spec wires the devices the same way.
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { startVirtualQrScanner, type VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';

export interface DeviceRig {
  lease: VirtualReaderLease;
  card: VirtualCard;
  printer: VirtualPrinter;
  scanner: VirtualQrScanner;
  /** The `devices:` section of a kiosk config using these parts (no simulators of the kiosk's own). */
  devicesYaml: string;
  stop(): Promise<void>;
}

export async function startDeviceRig(): Promise<DeviceRig> {
  const lease = await acquireVirtualReader();
  const card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  const printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  const scanner = await startVirtualQrScanner({ terminator: 'CR' });
  const devicesYaml =
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
    `  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n` +
    `  qrScanner: { driver: serial, port: ${JSON.stringify(scanner.path)}, terminator: CR, simulate: false }\n`;
  return {
    lease,
    card,
    printer,
    scanner,
    devicesYaml,
    async stop() {
      await scanner.close();
      await printer.stop();
      await card.close();
      await lease.release();
    },
  };
}
