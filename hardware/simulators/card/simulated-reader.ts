// Runs in: Node (engine with a simulated card reader, CLI, tests). Puts a virtual card into a
// vpcd reader of a running (or started-here) pcscd, so the production PC/SC driver reads it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KioskError } from '../../../src/shared/errors';
import type { CardApplet } from './applet';
import { acquireVirtualReader } from './pcscd-harness';
import { createSampleFsApplet } from './sample-files';
import { startVirtualCard, type VirtualCard } from './vpcd';

export type AppletKind = 'emrtd' | 'fs';

const emrtdDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'emrtd');

/** Whether the eMRTD (CCCD) applet module is present in this checkout. */
export function emrtdAppletAvailable(): boolean {
  return existsSync(path.join(emrtdDir, 'index.ts'));
}

/** Loads the applet by name: 'emrtd' = the sample CCCD chip, 'fs' = the generic file-system card. */
export async function loadApplet(kind: AppletKind): Promise<CardApplet> {
  if (kind === 'fs') return createSampleFsApplet({ extendedLength: true });
  if (!emrtdAppletAvailable()) {
    throw new KioskError({ code: 'sim.emrtd-missing', technicianMessage: `eMRTD applet module not found at ${path.join(emrtdDir, 'index.ts')}; use --applet fs` });
  }
  const mod = (await import(pathToFileURL(path.join(emrtdDir, 'index.ts')).href)) as { createSampleCccdApplet?: () => CardApplet };
  if (typeof mod.createSampleCccdApplet !== 'function') {
    throw new KioskError({ code: 'sim.emrtd-missing', technicianMessage: 'hardware/simulators/card/emrtd/index.ts does not export createSampleCccdApplet()' });
  }
  return mod.createSampleCccdApplet();
}

export interface SimulatedCardReader {
  /** PC/SC name of the virtual reader: pass it to createPcscCardReader({ readerName, simulated: true }). */
  readerName: string;
  /** vpcd TCP port of the slot. */
  port: number;
  card: VirtualCard;
  /** Removes the card, frees the slot, stops pcscd if it was started for this and nobody else uses it. */
  stop(): Promise<void>;
}

/**
 * For `npm start` when the config says the card reader is simulated: makes sure pcscd runs with
 * vpcd, claims a free vpcd slot, and connects a virtual card to it (inserted unless
 * `inserted: false`).
 */
export async function startSimulatedCardReader(options: { applet?: AppletKind | CardApplet; inserted?: boolean; responseDelayMs?: number } = {}): Promise<SimulatedCardReader> {
  const applet = typeof options.applet === 'object' ? options.applet : await loadApplet(options.applet ?? (emrtdAppletAvailable() ? 'emrtd' : 'fs'));
  const lease = await acquireVirtualReader();
  const card = startVirtualCard({ applet, port: lease.port, ...(options.responseDelayMs ? { responseDelayMs: options.responseDelayMs } : {}) });
  try {
    if (options.inserted ?? true) await card.insert();
  } catch (error) {
    await lease.release();
    throw error;
  }
  return {
    readerName: lease.readerName,
    port: lease.port,
    card,
    async stop() {
      await card.close();
      await lease.release();
    },
  };
}
