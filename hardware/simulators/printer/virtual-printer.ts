// Runs in: Node (simulator). The virtual receipt printer on a real OS interface: a TCP 9100-style
// socket on 127.0.0.1, or one end of a socat pty pair (the driver opens the other end with
// serialport, exactly as it would a USB-serial printer). Each cut page is rendered to PNG.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KioskError } from '../../../src/shared/errors';
import { getLogger } from '../../../src/core/log';
import { PrinterModel, type Page } from './model';
import { renderPagePng } from './render';

const log = getLogger('printer-sim');

export interface VirtualPrinterOptions {
  /** 'tcp' (default) or 'pty'. */
  transport?: 'tcp' | 'pty';
  /** TCP port; 0 = any free port. */
  port?: number;
  /** Writes job-0001.png … here when set. */
  outDir?: string;
  /** The roll runs out after this many dot rows (203 dpi: 8 rows per mm). */
  paperOutAfterDots?: number;
  widthDots?: number;
}

export interface RenderedJob {
  index: number;
  /** False for a stub torn off by paper-out or cover-open before the cut. */
  complete: boolean;
  png: Buffer;
  file?: string;
  heightDots: number;
  /** The exact bytes of each `GS ( k` payload printed on the page. */
  qrPayloads: Uint8Array[];
  /** Lines printed as code-page text (empty when the host sent everything as raster). */
  texts: string[];
  /** Print density the page was printed at, percent of the standard. */
  density: number;
  /** The page's cut ('none': no cut command, or torn off by paper-out). */
  cut: 'full' | 'partial' | 'none';
}

export interface VirtualPrinter {
  /** The URI a driver uses: `tcp://127.0.0.1:PORT` or `serial:/tmp/…/host?baud=115200`. */
  uri: string;
  /** TCP port, or the pty path of the host side. */
  address: { kind: 'tcp'; host: string; port: number } | { kind: 'pty'; path: string };
  paperOut(out: boolean): void;
  coverOpen(open: boolean): void;
  nearEnd(near: boolean): void;
  /** Sets the remaining roll length in dot rows (Infinity = endless). */
  setPaperLeft(dots: number): void;
  jobs(): RenderedJob[];
  /** Resolves when at least `count` pages (complete or torn) have been rendered. */
  waitForJobs(count: number, timeoutMs?: number): Promise<RenderedJob[]>;
  /** Bytes received since start. */
  bytesReceived(): number;
  stop(): Promise<void>;
}

export async function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  const widthDots = opts.widthDots ?? 576;
  const rendered: RenderedJob[] = [];
  const waiters: { count: number; resolve: (j: RenderedJob[]) => void }[] = [];
  let renderChain: Promise<void> = Promise.resolve();
  let received = 0;
  let send: (bytes: Uint8Array) => void = () => {};
  if (opts.outDir) mkdirSync(opts.outDir, { recursive: true });

  const onPage = (page: Page) => {
    renderChain = renderChain.then(async () => {
      const index = rendered.length + 1;
      const png = await renderPagePng(page, widthDots);
      let file: string | undefined;
      if (opts.outDir) {
        file = path.join(opts.outDir, `job-${String(index).padStart(4, '0')}${page.complete ? '' : '-torn'}.png`);
        writeFileSync(file, png);
      }
      rendered.push({ index, complete: page.complete, png, file, heightDots: page.heightDots, qrPayloads: page.qrPayloads, texts: page.items.flatMap((i) => (i.type === 'text' ? [i.text] : [])), density: page.density, cut: page.cut });
      log.info({ index, complete: page.complete, heightDots: page.heightDots }, 'page rendered');
      for (const w of [...waiters]) {
        if (rendered.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve([...rendered]);
        }
      }
    }, (error: unknown) => log.error({ err: error }, 'render failed'));
  };

  const model = new PrinterModel((bytes) => send(bytes), onPage, widthDots);
  if (opts.paperOutAfterDots !== undefined) model.paperLeftDots = opts.paperOutAfterDots;

  const receive = (chunk: Buffer) => {
    received += chunk.length;
    try {
      model.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    } catch (error) {
      log.warn({ code: error instanceof KioskError ? error.code : 'unknown' }, 'stream rejected');
    }
  };

  let close: () => Promise<void>;
  let address: VirtualPrinter['address'];
  let uri: string;

  if ((opts.transport ?? 'tcp') === 'tcp') {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (d: Buffer) => {
        send = (bytes) => socket.write(bytes);
        receive(d);
      });
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as net.AddressInfo).port;
    address = { kind: 'tcp', host: '127.0.0.1', port };
    uri = `tcp://127.0.0.1:${port}`;
    close = async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-printer-pty-'));
    const simSide = path.join(dir, 'printer');
    const hostSide = path.join(dir, 'host');
    const socat: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${simSide}`, `pty,raw,echo=0,link=${hostSide}`], { stdio: 'ignore' });
    const spawnError = new Promise<never>((_, reject) => socat.once('error', (e) => reject(new KioskError({ code: 'printer-sim.socat-missing', technicianMessage: `cannot start socat: ${e.message}`, cause: e }))));
    const deadline = Date.now() + 5000;
    while (!(existsSync(simSide) && existsSync(hostSide))) {
      if (Date.now() > deadline) {
        socat.kill();
        throw new KioskError({ code: 'printer-sim.pty-timeout', technicianMessage: 'socat did not create the pty pair within 5 s' });
      }
      await Promise.race([new Promise((r) => setTimeout(r, 20)), spawnError]);
    }
    // serialport (and its native binding) loads with the first pty printer, not on every boot.
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({ path: simSide, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('data', (d: Buffer) => receive(d));
    port.on('error', () => {});
    send = (bytes) => port.write(Buffer.from(bytes));
    address = { kind: 'pty', path: hostSide };
    uri = `serial:${hostSide}?baud=115200`;
    close = async () => {
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      socat.kill();
      await new Promise((r) => setTimeout(r, 20));
      rmSync(dir, { recursive: true, force: true });
    };
  }

  return {
    uri,
    address,
    paperOut: (out) => model.setPaperOut(out),
    coverOpen: (open) => model.setCoverOpen(open),
    nearEnd: (near) => model.setNearEnd(near),
    setPaperLeft: (dots) => {
      model.paperLeftDots = dots;
    },
    jobs: () => [...rendered],
    waitForJobs: (count, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        if (rendered.length >= count) return resolve([...rendered]);
        const w = { count, resolve: (j: RenderedJob[]) => (clearTimeout(t), resolve(j)) };
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new KioskError({ code: 'printer-sim.timeout', technicianMessage: `expected ${count} pages, have ${rendered.length}` }));
        }, timeoutMs);
        waiters.push(w);
      }),
    bytesReceived: () => received,
    stop: async () => {
      await close();
      await renderChain;
    },
  };
}
