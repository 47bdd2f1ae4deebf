// Runs in: Node (engine) and Electron (no Node imports).
// Elliptic curves for PACE and Chip Authentication, by ICAO 9303-11 standardized domain parameter
// id. Pure-JS @noble/curves: Electron's BoringSSL has no brainpool, and PACE Generic Mapping
// needs raw point addition, which createECDH does not expose.
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { KioskError } from '../../../src/shared/errors';
import { bigintToBytes, bytesToBigint } from './bytes';

export type EcPoint = WeierstrassPoint<bigint>;

export interface EcCurve {
  /** ICAO 9303-11 table of standardized domain parameters. */
  paramId: number;
  name: string;
  Point: WeierstrassPointCons<bigint>;
  /** Group order n. */
  order: bigint;
  /** Field element size in bytes (x-coordinate length of a shared secret). */
  size: number;
}

const make = (paramId: number, name: string, c: { Point: WeierstrassPointCons<bigint> }): EcCurve => {
  const curve = c.Point.CURVE();
  return { paramId, name, Point: c.Point, order: curve.n, size: Math.ceil(curve.p.toString(16).length / 2) };
};

const CURVES: EcCurve[] = [
  make(12, 'secp256r1', p256),
  make(13, 'brainpoolP256r1', brainpoolP256r1),
  make(15, 'secp384r1', p384),
  make(16, 'brainpoolP384r1', brainpoolP384r1),
  make(17, 'brainpoolP512r1', brainpoolP512r1),
  make(18, 'secp521r1', p521),
];

export function curveByParamId(paramId: number): EcCurve {
  const c = CURVES.find((x) => x.paramId === paramId);
  if (!c) {
    throw new KioskError({
      code: 'card.unsupported-protocol',
      technicianMessage: `PACE/CA standardized domain parameter ${paramId} is not supported (supported: ${CURVES.map((x) => x.paramId).join(', ')})`,
      citizenMessage: 'Máy chưa đọc được loại thẻ này. Xin vui lòng nhờ cán bộ hỗ trợ.',
    });
  }
  return c;
}

export function supportedParamIds(): number[] {
  return CURVES.map((c) => c.paramId);
}

/** Uniform scalar in [1, n-1] from the platform CSPRNG (WebCrypto: Node and Electron alike). */
export function randomScalar(curve: EcCurve): bigint {
  const bytes = new Uint8Array(curve.size + 16); // 128 extra bits make the modulo bias negligible
  globalThis.crypto.getRandomValues(bytes);
  return (bytesToBigint(bytes) % (curve.order - 1n)) + 1n;
}

/** Decodes an uncompressed/compressed SEC1 point; throws KioskError when it is not on the curve. */
export function decodePoint(curve: EcCurve, bytes: Uint8Array, what: string): EcPoint {
  try {
    const p = curve.Point.fromBytes(bytes);
    p.assertValidity();
    if (p.is0()) throw new Error('identity');
    return p;
  } catch (cause) {
    throw new KioskError({
      code: 'card.protocol',
      technicianMessage: `${what} is not a valid point on ${curve.name}`,
      citizenMessage: 'Không đọc được thẻ. Xin vui lòng đặt lại thẻ và thử lại.',
      cause,
    });
  }
}

export function encodePoint(point: EcPoint): Uint8Array {
  return point.toBytes(false);
}

export function xCoordinate(curve: EcCurve, point: EcPoint): Uint8Array {
  // Fixed width: an unpadded x (leading zero dropped) broke 0.7% of PACE runs in one public app.
  return bigintToBytes(point.x, curve.size);
}

export function scalarFromBytes(curve: EcCurve, bytes: Uint8Array): bigint {
  return bytesToBigint(bytes) % curve.order;
}
