// Runs in: Node (CLI `kiosk devices`, technician view). What is plugged into this machine,
// whatever the config says: PC/SC readers, serial ports, HID devices, USB printers, CUPS queues,
// SANE scanners. Each probe is bounded in time and reports its own failure instead of throwing.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DetectedDevice {
  interface: 'pcsc' | 'serial' | 'hid' | 'usblp' | 'cups' | 'sane';
  /** How to name it in the config. */
  address: string;
  description: string;
}

export interface ProbeResult {
  interface: DetectedDevice['interface'];
  devices: DetectedDevice[];
  /** Set when the probe itself could not run (daemon down, tool missing). */
  unavailable?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

async function probeSerial(): Promise<ProbeResult> {
  const { SerialPort } = await import('serialport');
  const ports = await SerialPort.list();
  return {
    interface: 'serial',
    devices: ports.map((p) => ({
      interface: 'serial',
      address: p.path,
      description: [p.manufacturer, p.vendorId && `${p.vendorId}:${p.productId}`].filter(Boolean).join(' ') || 'serial port',
    })),
  };
}

async function probeHid(): Promise<ProbeResult> {
  const HID = (await import('node-hid')).default;
  const seen = new Set<string>();
  const devices: DetectedDevice[] = [];
  for (const d of HID.devices()) {
    const key = `${d.vendorId}:${d.productId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pos = d.usagePage === 0x8c ? ' [HID POS barcode scanner]' : '';
    devices.push({
      interface: 'hid',
      address: `${d.vendorId.toString(16).padStart(4, '0')}:${d.productId.toString(16).padStart(4, '0')}`,
      description: `${d.manufacturer ?? ''} ${d.product ?? ''}${pos}`.trim(),
    });
  }
  return { interface: 'hid', devices };
}

async function probeUsbLp(): Promise<ProbeResult> {
  const dir = '/dev/usb';
  const devices: DetectedDevice[] = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => /^lp\d+$/.test(n))
        .map((n) => ({ interface: 'usblp', address: `usblp:${dir}/${n}`, description: 'USB printer-class device' }))
    : [];
  return { interface: 'usblp', devices };
}

async function probeCups(): Promise<ProbeResult> {
  const { stdout } = await run('lpstat', ['-e'], { timeout: 3000 });
  return {
    interface: 'cups',
    devices: stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((q) => ({ interface: 'cups', address: `cups:${q}`, description: 'CUPS queue' })),
  };
}

async function probeSane(): Promise<ProbeResult> {
  const { stdout } = await run('scanimage', ['-f', '%d\t%v %m%n'], { timeout: 8000 });
  return {
    interface: 'sane',
    devices: stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name = '', desc = ''] = line.split('\t');
        return { interface: 'sane', address: name, description: desc.trim() };
      }),
  };
}

async function probePcsc(): Promise<ProbeResult> {
  const pcsclite = (await import('@pokusew/pcsclite')).default as unknown as () => PcscLike;
  const pcsc = pcsclite();
  const names = new Set<string>();
  const readers: Array<{ close(): void }> = [];
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        pcsc.on('reader', (reader: { name: string; close(): void; on(e: string, l: () => void): void }) => {
          names.add(reader.name);
          reader.on('error', () => undefined); // "Command cancelled" when we close it below
          readers.push(reader);
        });
        pcsc.on('error', (err: Error) => reject(err));
        // Readers are announced asynchronously right after the context is established.
        setTimeout(resolve, 700);
      }),
      2000,
      'pcscd',
    );
  } finally {
    // Every reader handle must be closed too, or the native watcher keeps the process alive.
    for (const reader of readers) reader.close();
    pcsc.on('error', () => undefined);
    pcsc.close();
  }
  return { interface: 'pcsc', devices: [...names].map((n) => ({ interface: 'pcsc', address: n, description: 'PC/SC reader' })) };
}

interface PcscLike {
  on(event: string, listener: (...args: never[]) => void): void;
  close(): void;
}

const PROBES: Array<[DetectedDevice['interface'], () => Promise<ProbeResult>]> = [
  ['pcsc', probePcsc],
  ['serial', probeSerial],
  ['hid', probeHid],
  ['usblp', probeUsbLp],
  ['cups', probeCups],
  ['sane', probeSane],
];

export async function detectDevices(): Promise<ProbeResult[]> {
  return Promise.all(
    PROBES.map(async ([name, probe]) => {
      try {
        return await withTimeout(probe(), 10_000, name);
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        return { interface: name, devices: [], unavailable: reason };
      }
    }),
  );
}
