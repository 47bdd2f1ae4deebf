// Runs in: Node (bench). Full chip read of the sample CCCD through the real PC/SC path:
// readDocument -> PC/SC driver -> pcscd -> vpcd -> virtual chip, the chip running in a child
// process (`kiosk sim card`) so the host CPU figure is the reader's alone. PACE vs BAC, 0xDF
// reads vs extended length; plus the crypto operations in isolation.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { readDocument, type RawDocumentRead } from '../hardware/card-reader/reader';
import { createPcscCardReader } from '../hardware/card-reader/transport/pcsc';
import { acquireVirtualReader, pcscdAvailability } from '../hardware/simulators/card/pcscd-harness';
import { buildSampleCccd } from '../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../hardware/simulators/card/emrtd';
import { performPace } from '../hardware/card-reader/access/pace';
import { performBac } from '../hardware/card-reader/access/bac';
import { SecureMessaging, CardSecureMessaging } from '../hardware/card-reader/sm/secure-messaging';
import { curveByParamId, multiplyBase, multiplyPoint, randomScalar } from '../hardware/card-reader/crypto/ec';
import { tdesCbcEncrypt } from '../hardware/card-reader/crypto/des';
import { decodeResponse, encodeCommand } from '../hardware/card-reader/iso7816/apdu';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.CARD_READ_RUNS ?? 3);

function startChildCard(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'bin/kiosk.mjs'), 'sim', 'card', '--applet', 'emrtd', '--vpcd-port', String(port)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`virtual card did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('inserted')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`virtual card exited (${code}): ${out}`)));
    child.stdin!.write('insert\n');
  });
}

async function pcscFigures(): Promise<BenchFigure[]> {
  const availability = pcscdAvailability();
  if (!availability.ok) return [{ metric: 'pcscd + vpcd read', value: Number.NaN, unit: 'ms', note: `skipped: ${availability.reason}` }];
  const doc = buildSampleCccd();
  const lease = await acquireVirtualReader();
  const child = await startChildCard(lease.port);
  const reader = createPcscCardReader({ readerName: lease.readerName, simulated: true });
  const figures: BenchFigure[] = [];
  try {
    await reader.start();
    await reader.waitForCard(20_000);
    const configs = [
      { label: 'PACE-CAN', key: { can: doc.can }, forceBac: false, maxReadLength: 0xdf },
      { label: 'PACE-CAN', key: { can: doc.can }, forceBac: false, maxReadLength: 65536 },
      { label: 'BAC', key: { mrz: doc.mrz }, forceBac: true, maxReadLength: 0xdf },
      { label: 'BAC', key: { mrz: doc.mrz }, forceBac: true, maxReadLength: 65536 },
    ];
    for (const c of configs) {
      const walls: number[] = [];
      const cpus: number[] = [];
      const identity: number[] = [];
      const access: number[] = [];
      let last: RawDocumentRead | undefined;
      for (let i = 0; i < RUNS; i++) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        last = await reader.withCard((ch) => readDocument(ch, c.key, { forceBac: c.forceBac, maxReadLength: c.maxReadLength }));
        walls.push(performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        cpus.push((cpu.user + cpu.system) / 1000);
        identity.push(last.timings.identityMs ?? Number.NaN);
        access.push(last.timings.accessMs);
      }
      const tag = `${c.label}, reads ${c.maxReadLength === 0xdf ? '0xDF' : 'extended'}`;
      const note = `sample CCCD (DG1, DG2 ${last!.dataGroups.get(2)!.length} B, DG13, DG14, DG15, SOD, AA), median of ${RUNS}, pcscd+vpcd, chip in a child process`;
      figures.push(
        { metric: `full read wall time (${tag})`, value: round(median(walls)), unit: 'ms', note },
        { metric: `access control (${tag})`, value: round(median(access)), unit: 'ms' },
        { metric: `DG1+DG13 available (${tag})`, value: round(median(identity)), unit: 'ms' },
        { metric: `host CPU for the read (${tag})`, value: round(median(cpus)), unit: 'ms', note: 'process.cpuUsage of the reader process: PC/SC binding, ISO 7816, SM, PACE/BAC, AA' },
        { metric: `APDUs (${tag})`, value: last!.stats.apdus, unit: 'count' },
        { metric: `bytes received (${tag})`, value: last!.stats.bytesReceived, unit: 'B' },
      );
    }
  } finally {
    await reader.stop();
    child.stdin!.write('quit\n');
    await new Promise((r) => setTimeout(r, 300));
    if (child.exitCode === null) child.kill('SIGTERM');
    await lease.release();
  }
  return figures;
}

async function cryptoFigures(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const doc = buildSampleCccd();
  // PACE handshake in process (both sides' crypto: brainpoolP256r1 x 4 scalar mults per side).
  const paceTimes = await timeRuns(async () => {
    const applet = createSampleCccdApplet();
    await performPace(async (cmd) => decodeResponse(applet.process(encodeCommand(cmd))), { kind: 'can', can: doc.can }, { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 });
  }, 10);
  figures.push({ metric: 'PACE-GM brainpoolP256r1 handshake, both sides in process', value: round(median(paceTimes), 2), unit: 'ms', note: 'median of 10' });
  // The reader's share of one PACE establishment: the handshake minus the time spent inside the chip.
  const readerSide: number[] = [];
  for (let i = 0; i < 11; i++) {
    const applet = createSampleCccdApplet();
    let chipMs = 0;
    const t0 = performance.now();
    await performPace(
      async (cmd) => {
        const c0 = performance.now();
        const response = applet.process(encodeCommand(cmd));
        chipMs += performance.now() - c0;
        return decodeResponse(response);
      },
      { kind: 'can', can: doc.can },
      { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 },
    );
    if (i > 0) readerSide.push(performance.now() - t0 - chipMs);
  }
  figures.push({ metric: 'PACE-GM brainpoolP256r1, reader side only (host CPU per PACE establishment)', value: round(median(readerSide), 2), unit: 'ms', note: 'median of 10 after one warm-up; 2 k·G + 3 k·P (ec-arith.ts), KDF, tokens' });
  const bacTimes = await timeRuns(async () => {
    const applet = createSampleCccdApplet();
    await applet.process(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, 0x07, 0xa0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01));
    await performBac(async (cmd) => decodeResponse(applet.process(encodeCommand(cmd))), doc.mrz);
  }, 20);
  figures.push({ metric: 'BAC handshake, both sides in process', value: round(median(bacTimes), 3), unit: 'ms', note: 'median of 20' });
  const curve = curveByParamId(13);
  const k = randomScalar(curve);
  const p = curve.Point.BASE.multiply(randomScalar(curve));
  const mulTimes = await timeRuns(() => multiplyPoint(curve, p, k), 50, 5);
  figures.push({ metric: 'brainpoolP256r1 scalar multiplication (arbitrary point)', value: round(median(mulTimes), 3), unit: 'ms', note: 'median of 50; ec-arith.ts (Jacobian, a=-3 model, 5-bit signed windows)' });
  const baseTimes = await timeRuns(() => multiplyBase(curve, k), 50, 5);
  figures.push({ metric: 'brainpoolP256r1 k·G (generator table)', value: round(median(baseTimes), 3), unit: 'ms', note: 'median of 50' });
  const nobleTimes = await timeRuns(() => p.multiply(k), 20, 2);
  figures.push({ metric: 'brainpoolP256r1 scalar multiplication, @noble/curves (for comparison)', value: round(median(nobleTimes), 3), unit: 'ms', note: 'median of 20; constant-time ladder the stack used before' });
  const data = new Uint8Array(4096);
  const desTimes = await timeRuns(() => tdesCbcEncrypt(new Uint8Array(16).fill(1), data), 20);
  figures.push({ metric: '3DES-CBC throughput (pure TS)', value: round(4096 / 1024 / (median(desTimes) / 1000)), unit: 'KiB/s', note: '4 KiB blocks, median of 20' });
  for (const alg of ['3DES', 'AES-128'] as const) {
    const keys = { alg, ksEnc: new Uint8Array(16).fill(3), ksMac: new Uint8Array(16).fill(5), ssc: new Uint8Array(alg === '3DES' ? 8 : 16) };
    const reader = new SecureMessaging(keys);
    const card = new CardSecureMessaging(keys);
    const chunk = new Uint8Array(223);
    const times = await timeRuns(() => {
      card.unwrapCommand(reader.wrap(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0xdf)));
      reader.unwrap(card.wrapResponse(chunk, 0x9000));
    }, 200, 20);
    figures.push({ metric: `SM READ BINARY 223 B round trip, ${alg} (wrap+unwrap both sides)`, value: round(median(times) * 1000, 1), unit: 'µs', note: 'median of 200' });
  }
  return figures;
}

const bench: Benchmark = {
  name: 'card-read',
  description: 'chip read of the sample CCCD through pcscd+vpcd (PACE vs BAC, 0xDF vs extended reads) and the crypto operations',
  async run() {
    return [...(await cryptoFigures()), ...(await pcscFigures())];
  },
};

export default bench;
