// Runs in: Node (engine). sharp on demand: libvips and sharp's version checks (semver) are ~0.1 s
// of module loading that a boot to the attract screen never uses. Every entry into the imaging code
// (probeImage, openImage, the illumination pass) awaits loadSharp(); code running after one of them
// may use loadedSharp() synchronously.
import type SharpFactory from 'sharp';
import { KioskError } from '../../shared/errors';

let factory: typeof SharpFactory | undefined;

export async function loadSharp(): Promise<typeof SharpFactory> {
  return (factory ??= (await import('sharp')).default);
}

export function loadedSharp(): typeof SharpFactory {
  if (!factory) throw new KioskError({ code: 'image.not-ready', technicianMessage: 'sharp used before loadSharp() ran' });
  return factory;
}
