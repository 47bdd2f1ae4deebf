// Runs in: Node (engine with a simulated card reader, CLI, tests). Puts a virtual card into a
// vpcd reader of a running (or started-here) pcscd, so the production PC/SC driver reads it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KioskError } from '../../../src/shared/errors';
import { generateTestPki } from '../../card-reader/sample/pki';
import type { CardApplet } from './applet';
import { acquireVirtualReader } from './pcscd-harness';
import { createSampleFsApplet } from './sample-files';
import type { SampleAppletOptions } from './emrtd';
import { planFaults, type CardFault, type CardProfile } from './faults';
import { startVirtualCard, type VirtualCard, type VirtualCardOptions } from './vpcd';

export type AppletKind = 'emrtd' | 'fs';

const emrtdDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'emrtd');

/** Whether the eMRTD (CCCD) applet module is present in this checkout. */
export function emrtdAppletAvailable(): boolean {
  return existsSync(path.join(emrtdDir, 'index.ts'));
}

type SampleFactory = (options?: SampleAppletOptions) => CardApplet;

export interface AppletChoice {
  /** Sample document the eMRTD applet carries (default cccd). */
  profile?: CardProfile;
  /** Faults on demand (see faults.ts); the transport ones are applied by startVirtualCardWithFaults. */
  faults?: readonly CardFault[];
}

/**
 * Loads the applet by name: 'emrtd' = the sample CCCD (or passport) chip, 'fs' = the generic
 * file-system card. Chip-level faults (corrupt-mac, wrong-key, bad-hash) need 'emrtd'.
 */
export async function loadApplet(kind: AppletKind, choice: AppletChoice = {}): Promise<CardApplet> {
  const profile = choice.profile ?? 'cccd';
  const plan = planFaults(choice.faults ?? []);
  if (kind === 'fs') {
    if (profile !== 'cccd') throw new KioskError({ code: 'sim.bad-combination', technicianMessage: `--profile ${profile} needs the eMRTD applet, not --applet fs` });
    if (plan.needsEmrtd.length > 0) throw new KioskError({ code: 'sim.bad-combination', technicianMessage: `faults ${plan.needsEmrtd.join(', ')} need the eMRTD applet, not --applet fs` });
    return createSampleFsApplet({ extendedLength: true, ...(plan.applet.quirks ? { quirks: plan.applet.quirks } : {}) });
  }
  if (!emrtdAppletAvailable()) {
    throw new KioskError({ code: 'sim.emrtd-missing', technicianMessage: `eMRTD applet module not found at ${path.join(emrtdDir, 'index.ts')}; use --applet fs` });
  }
  // A literal path, so the prebuilt `kiosk start` bundle (bin/prebuilt-start.mjs) carries it.
  const mod = (await import('./emrtd/index')) as { createSampleCccdApplet?: SampleFactory; createSamplePassportApplet?: SampleFactory };
  const factory = profile === 'passport' ? mod.createSamplePassportApplet : mod.createSampleCccdApplet;
  if (typeof factory !== 'function') {
    throw new KioskError({ code: 'sim.emrtd-missing', technicianMessage: `hardware/simulators/card/emrtd/index.ts does not export the ${profile} sample applet` });
  }
  const options = { ...plan.applet };
  if (profile === 'cccd-unknown-csca') {
    // A CSCA generated now, so no trust store can hold it: the data verifies, the issuer does not.
    const pki = generateTestPki('ecdsa-brainpoolP256r1');
    options.signer = { signer: pki.dsSigner, certificate: pki.dsCertificate };
  }
  try {
    return factory(options);
  } catch (error) {
    // The sample builder refuses to tamper with a data group the document does not carry.
    if (error instanceof RangeError) throw new KioskError({ code: 'sim.bad-fault', technicianMessage: `${profile} profile: ${error.message}`, cause: error });
    throw error;
  }
}

/**
 * startVirtualCard with the transport faults applied: response delay and the card pulled when a
 * given command APDU arrives (once per virtual card, so a re-insert then reads, as when a
 * citizen puts the card back).
 */
export function startVirtualCardWithFaults(options: VirtualCardOptions & { faults?: readonly CardFault[] }): VirtualCard {
  const { faults, ...base } = options;
  const plan = planFaults(faults ?? []);
  const removeAt = plan.card.removeAtApdu;
  const delay = plan.card.responseDelayMs ?? base.responseDelayMs;
  const card: VirtualCard = startVirtualCard({
    ...base,
    ...(delay ? { responseDelayMs: delay } : {}),
    onCommand: (command, index) => {
      base.onCommand?.(command, index);
      if (removeAt !== undefined && index === removeAt - 1) void card.remove();
    },
  });
  return card;
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

export interface SimulatedCardReaderOptions extends AppletChoice {
  /** Applet name or a ready applet (then profile and chip-level faults do not apply). */
  applet?: AppletKind | CardApplet;
  /** Insert the card at once (default true). */
  inserted?: boolean;
  /** Delay before each response (ms); a `slow` fault takes precedence. */
  responseDelayMs?: number;
}

/**
 * For `npm start` when the config says the card reader is simulated: makes sure pcscd runs with
 * vpcd, claims a free vpcd slot, and connects a virtual card to it (inserted unless
 * `inserted: false`).
 */
export async function startSimulatedCardReader(options: SimulatedCardReaderOptions = {}): Promise<SimulatedCardReader> {
  const faults = options.faults ?? [];
  const load = () =>
    typeof options.applet === 'object'
      ? Promise.resolve(options.applet)
      : loadApplet(options.applet ?? (emrtdAppletAvailable() ? 'emrtd' : 'fs'), { ...(options.profile ? { profile: options.profile } : {}), faults });
  const inserted = options.inserted ?? true;
  // Building the sample chip (keys, signatures, face image) is ~0.1 s of CPU: a reader that starts
  // empty (`kiosk start`) builds it when the card first goes in, not during the kiosk's boot.
  let applet = inserted ? await load() : undefined;
  let loading: Promise<CardApplet> | undefined;
  const chip = (): CardApplet => {
    if (!applet) throw new KioskError({ code: 'sim.chip-not-built', technicianMessage: 'the virtual card was powered before its chip was built' });
    return applet;
  };
  const deferred: CardApplet = {
    get atr() {
      return chip().atr;
    },
    reset: () => chip().reset(),
    process: (command) => chip().process(command),
  };
  const lease = await acquireVirtualReader();
  const card = startVirtualCardWithFaults({ applet: deferred, port: lease.port, faults, ...(options.responseDelayMs ? { responseDelayMs: options.responseDelayMs } : {}) });
  const insert = card.insert.bind(card);
  card.insert = async () => {
    // A failed build is tried again at the next insertion (and its error reaches the caller).
    applet ??= await (loading ??= load().finally(() => (loading = undefined)));
    return insert();
  };
  try {
    if (inserted) await card.insert();
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
