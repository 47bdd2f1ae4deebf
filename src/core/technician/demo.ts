// Runs in: Node (engine). The demo PINs of a fully simulated kiosk (README: staff 2468,
// technician 1357). The engine offers them only when a role has no configured hash AND every
// device and the upstream are simulated, so a kiosk with any real device never accepts them.
import type { KioskConfig } from '../config/schema';
import type { Role } from './auth';

export const DEMO_PIN_HASHES: Record<Role, string> = {
  staff: 'scrypt$16384$8$1$PP5VXpsTnw6FMEEaZB3vgA==$S3zsUjpWIynDLobN4rne/jKg4JpRxje1ry1BaJjzjAs=',
  technician: 'scrypt$16384$8$1$DPvext9LFPMMjukoV/perg==$YeHHE+1rY+QAw3mDTrzVnrefuycnEOEbAhPineF1/nE=',
};

export function isFullySimulated(config: Pick<KioskConfig, 'devices' | 'upstream'>): boolean {
  return Object.values(config.devices).every((d) => d === undefined || d.simulate) && config.upstream.simulate;
}

/** Configured hashes, plus the demo ones for unconfigured roles when nothing real is attached. */
export function pinHashesFor(config: Pick<KioskConfig, 'devices' | 'upstream' | 'staff' | 'technician'>): {
  hashes: Partial<Record<Role, string>>;
  fallbackHashes: Partial<Record<Role, string>>;
} {
  const hashes: Partial<Record<Role, string>> = {};
  if (config.staff.pinHash) hashes.staff = config.staff.pinHash;
  if (config.technician.pinHash) hashes.technician = config.technician.pinHash;
  return { hashes, fallbackHashes: isFullySimulated(config) ? DEMO_PIN_HASHES : {} };
}
