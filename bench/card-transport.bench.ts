// Runs in: Node (benchmark). The card transport through real pcscd + vpcd: APDU round-trip
// latency, and the time to read a 20 KB file with fixed 0xDF reads versus extended reads with
// read-size negotiation (back-off from 65536 to what the card accepts).
import { createPcscCardReader } from '../hardware/card-reader/transport/pcsc';
import { Iso7816Card } from '../hardware/card-reader/iso7816/card';
import type { CardApplet } from '../hardware/simulators/card/applet';
import { acquireVirtualReader } from '../hardware/simulators/card/pcscd-harness';
import { EMRTD_AID, SAMPLE_FID, createSampleFsApplet } from '../hardware/simulators/card/sample-files';
import { startVirtualCard } from '../hardware/simulators/card/vpcd';
import { median, percentile, round, timeRuns, type BenchFigure, type Benchmark } from './harness';

const ROUND_TRIPS = 60;
const FILE_RUNS = 3;

const bench: Benchmark = {
  name: 'card-transport',
  description: 'PC/SC through pcscd + vpcd: APDU latency, 20 KB file read with 0xDF vs negotiated extended reads',
  async run() {
    const figures: BenchFigure[] = [];
    const lease = await acquireVirtualReader();
    const reader = createPcscCardReader({ readerName: lease.readerName, simulated: true, retryIntervalMs: 200 });
    await reader.start();
    try {
      async function withApplet<T>(applet: CardApplet, fn: () => Promise<T>): Promise<T> {
        const card = startVirtualCard({ applet, port: lease.port });
        await card.insert();
        await reader.waitForCard(5000);
        try {
          return await fn();
        } finally {
          await card.close();
          const start = Date.now();
          while (reader.atr !== null && Date.now() - start < 5000) await new Promise((r) => setTimeout(r, 20));
        }
      }

      // 1. Round trip of one short APDU (SELECT EF, no data back).
      const latencies = await withApplet(createSampleFsApplet(), () =>
        reader.withCard(async (ch) => {
          const iso = new Iso7816Card(ch);
          await iso.selectApplication(EMRTD_AID);
          return timeRuns(() => iso.selectFile(SAMPLE_FID.dg1), ROUND_TRIPS, 3);
        }),
      );
      figures.push({ metric: 'APDU round trip (SELECT), median', value: round(median(latencies), 2), unit: 'ms', note: `${ROUND_TRIPS} APDUs through libpcsclite -> pcscd -> vpcd -> virtual card. Debian's vpcd 3.3 writes each command as two TCP segments (length, then payload; merged upstream in vsmartcard PR #252), so Nagle + delayed ACK add ~40 ms per APDU: a simulator artefact, not the driver's cost; compare APDU counts across setups` });
      figures.push({ metric: 'APDU round trip (SELECT), p95', value: round(percentile(latencies, 95), 2), unit: 'ms' });

      // In-process baseline: what the same APDUs cost without the PC/SC path.
      const direct = createSampleFsApplet();
      const directIso = new Iso7816Card({ atr: direct.atr, transmit: async (c) => direct.process(c) });
      await directIso.selectApplication(EMRTD_AID);
      const directTimes = await timeRuns(() => directIso.selectFile(SAMPLE_FID.dg1), ROUND_TRIPS, 3);
      figures.push({ metric: 'APDU round trip in-process (no PC/SC), median', value: round(median(directTimes), 3), unit: 'ms' });

      // 2. A 20 KB file (the size of a CCCD's DG2).
      async function readDg2(applet: CardApplet, maxReadLength: number, label: string): Promise<void> {
        const runs: { ms: number; apdus: number; backoffs: number; bytes: number }[] = [];
        await withApplet(applet, async () => {
          for (let i = 0; i < FILE_RUNS; i++) {
            runs.push(
              await reader.withCard(async (ch) => {
                const iso = new Iso7816Card(ch, { maxReadLength });
                await iso.selectApplication(EMRTD_AID);
                const apdusBefore = iso.stats.apdus;
                const start = performance.now();
                const data = await iso.readFile({ fid: SAMPLE_FID.dg2 });
                return { ms: performance.now() - start, apdus: iso.stats.apdus - apdusBefore, backoffs: iso.stats.readBackoffs, bytes: data.length };
              }),
            );
          }
        });
        const ms = median(runs.map((r) => r.ms));
        const bytes = runs[0]!.bytes;
        figures.push({ metric: `20 KB file, ${label}: read time (median of ${FILE_RUNS})`, value: round(ms, 1), unit: 'ms', note: `${runs[0]!.apdus} APDUs incl. SELECT, ${runs[0]!.backoffs} back-offs` });
        figures.push({ metric: `20 KB file, ${label}: throughput`, value: round(bytes / 1024 / (ms / 1000), 1), unit: 'KB/s' });
        figures.push({ metric: `20 KB file, ${label}: APDUs`, value: runs[0]!.apdus, unit: 'APDUs' });
      }
      await readDg2(createSampleFsApplet(), 0xdf, 'fixed 0xDF short reads');
      await readDg2(createSampleFsApplet({ extendedLength: true, quirks: { maxReadLength: 4096 } }), 65536, 'extended, back-off 65536 -> 4096');
      await readDg2(createSampleFsApplet({ extendedLength: true }), 65536, 'extended, card accepts 65536');
    } finally {
      await reader.stop();
      await lease.release();
    }
    return figures;
  },
};

export default bench;
