// Runs in: Node (engine) and Electron (no Node imports).
// Elliptic curves for PACE and Chip Authentication, by ICAO 9303-11 standardized domain parameter
// id. Pure JS: Electron's BoringSSL has no brainpool, and PACE Generic Mapping needs raw point
// addition, which createECDH does not expose. @noble/curves supplies the domain parameters and the
// point type (encoding, validation); the scalar multiplications go through `ec-arith.ts`, about 3x
// faster than noble's constant-time multiply on these curves (see that file for why).
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { KioskError } from '../../../src/shared/errors';
import { bigintToBytes, bytesToBigint } from './bytes';
import { CurveArith, type Affine } from './ec-arith';

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
  /** Fast scalar multiplication (Jacobian, windowed, generator table). */
  arith: CurveArith;
}

const make = (paramId: number, name: string, c: { Point: WeierstrassPointCons<bigint> }): EcCurve => {
  const curve = c.Point.CURVE();
  const arith = new CurveArith({ p: curve.p, a: curve.a, b: curve.b, n: curve.n, Gx: curve.Gx, Gy: curve.Gy });
  return { paramId, name, Point: c.Point, order: curve.n, size: Math.ceil(curve.p.toString(16).length / 2), arith };
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

const toPoint = (curve: EcCurve, a: Affine | null): EcPoint => (a ? curve.Point.fromAffine(a) : curve.Point.ZERO);

/** k·P (k reduced mod n); the point at infinity comes back as `Point.ZERO` for callers to refuse. */
export function multiplyPoint(curve: EcCurve, point: EcPoint, k: bigint): EcPoint {
  if (point.is0()) return curve.Point.ZERO;
  return toPoint(curve, curve.arith.multiply(point.toAffine(), k));
}

/** k·G for the curve's standard generator (precomputed table, built on first use). */
export function multiplyBase(curve: EcCurve, k: bigint): EcPoint {
  return toPoint(curve, curve.arith.multiplyBase(k));
}

/** k·G + m·Q with a single normalisation (PACE Generic Mapping). */
export function multiplyBaseAdd(curve: EcCurve, k: bigint, q: EcPoint, m: bigint): EcPoint {
  if (q.is0()) return multiplyBase(curve, k);
  return toPoint(curve, curve.arith.multiplyBaseAdd(k, q.toAffine(), m));
}

/** Builds the generator table now (e.g. while the citizen is still typing the CAN) instead of in the first PACE. */
export function warmUpCurve(paramId: number): void {
  curveByParamId(paramId).arith.multiplyBase(1n);
}
