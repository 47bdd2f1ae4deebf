// Runs in: Node (simulator). A serial QR scanner on the far side of a real pty pair (socat), so the
// production SerialQrScanner driver reads it through a real tty exactly as it reads /dev/ttyACM0.
//
//   socat PTY,link=<dir>/scanner  PTY,link=<dir>/host
//   simulator writes "<text><suffix>" into <dir>/scanner  ->  driver opens <dir>/host
//
// unplug() kills socat (both pty ends vanish: the driver sees the port close, like a pulled USB
// cable); replug() starts it again on the same link paths.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Terminator } from '../../scanner/qr/framing';

export interface VirtualQrScannerOptions {
  /** Folder for the pty links (default: a fresh temp folder). */
  dir?: string;
  /** Suffix appended to each scan (default CR, the factory default of most scanners). */
  terminator?: Terminator;
}

export interface VirtualQrScanner {
  /** The tty the driver opens (a symlink to /dev/pts/N). */
  readonly path: string;
  /** Sends one scan: the text's UTF-8 bytes plus the suffix. */
  send(text: string): void;
  /** Sends raw bytes as they are (split frames, garbage, no suffix). */
  sendRaw(bytes: Uint8Array): void;
  /** Removes the device: the pty pair disappears. */
  unplug(): Promise<void>;
  /** Brings it back on the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

const SUFFIX: Record<Terminator, string> = { CR: '\r', LF: '\n', CRLF: '\r\n', none: '' };

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function startVirtualQrScanner(options: VirtualQrScannerOptions = {}): Promise<VirtualQrScanner> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'qr-scanner-'));
  const deviceSide = path.join(dir, 'scanner');
  const hostSide = path.join(dir, 'host');
  const suffix = SUFFIX[options.terminator ?? 'CR'];
  let socat: ChildProcess | undefined;
  let fd: number | undefined;

  const plug = async () => {
    const child = spawn('socat', [`PTY,raw,echo=0,link=${deviceSide}`, `PTY,raw,echo=0,link=${hostSide}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let failed: Error | undefined;
    child.on('error', (e) => (failed = e));
    socat = child;
    await waitFor(() => failed !== undefined || (existsSync(deviceSide) && existsSync(hostSide)), 'socat pty links');
    if (failed) throw new Error(`cannot start socat (apt-get install socat): ${failed.message}`);
    fd = openSync(deviceSide, constants.O_RDWR | constants.O_NOCTTY);
  };

  const unplug = async () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    const child = socat;
    socat = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await waitFor(() => !existsSync(hostSide), 'pty links removed');
  };

  const write = (bytes: Uint8Array) => {
    if (fd === undefined) throw new Error('virtual QR scanner is unplugged');
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
  };

  await plug();
  return {
    path: hostSide,
    send: (text) => write(new TextEncoder().encode(text + suffix)),
    sendRaw: write,
    unplug,
    replug: plug,
    async close() {
      await unplug();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
