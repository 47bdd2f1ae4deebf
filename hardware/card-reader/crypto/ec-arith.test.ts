// Runs in: Node (vitest). The fast scalar multiplication against @noble/curves (an independent,
// audited implementation) on every PACE curve, plus the edge cases a windowed method gets wrong:
// scalars near 0 and n, digits that carry into a new window, results that hit doublings or infinity.
import { describe, expect, it } from 'vitest';
import { curveByParamId, multiplyBase, multiplyBaseAdd, multiplyPoint, randomScalar, supportedParamIds, warmUpCurve } from './ec';
import { CurveArith, modInverse } from './ec-arith';

const hexOf = (p: { toBytes(c?: boolean): Uint8Array }): string => Buffer.from(p.toBytes(false)).toString('hex');

describe.each(supportedParamIds())('curve with PACE parameter id %i', (id) => {
  const c = curveByParamId(id);
  const n = c.order;
  const edge = [1n, 2n, 3n, 15n, 16n, 17n, 31n, 32n, 33n, (1n << 40n) - 1n, n - 1n, n - 2n, n - 16n, n - 17n, n / 2n, (n + 1n) / 2n, (1n << BigInt(n.toString(2).length - 1)) - 1n];

  it('k·G matches noble for edge and random scalars', () => {
    for (const k of [...edge, ...Array.from({ length: 6 }, () => randomScalar(c))]) {
      expect(hexOf(multiplyBase(c, k)), `k = ${k}`).toBe(hexOf(c.Point.BASE.multiply(k)));
    }
  });

  it('k·P matches noble for an arbitrary point', () => {
    const P = c.Point.BASE.multiply(randomScalar(c));
    for (const k of [...edge, ...Array.from({ length: 4 }, () => randomScalar(c))]) {
      expect(hexOf(multiplyPoint(c, P, k)), `k = ${k}`).toBe(hexOf(P.multiply(k)));
    }
  });

  it('s·G + m·Q matches noble, including Q = −(s/m)·G (infinity) and Q = (s/m)·G (doubling)', () => {
    const s = randomScalar(c);
    const m = randomScalar(c);
    const Q = c.Point.BASE.multiply(randomScalar(c));
    expect(hexOf(multiplyBaseAdd(c, s, Q, m))).toBe(hexOf(c.Point.BASE.multiply(s).add(Q.multiply(m))));
    const ratio = (s * modInverse(m, n)) % n;
    expect(multiplyBaseAdd(c, s, c.Point.BASE.multiply(n - ratio), m).is0()).toBe(true);
    expect(hexOf(multiplyBaseAdd(c, s, c.Point.BASE.multiply(ratio), m))).toBe(hexOf(c.Point.BASE.multiply((2n * s) % n)));
  });

  it('k ≡ 0 (mod n) gives infinity; k is reduced mod n', () => {
    expect(multiplyBase(c, n).is0()).toBe(true);
    expect(multiplyPoint(c, c.Point.BASE, 0n).is0()).toBe(true);
    expect(hexOf(multiplyBase(c, n + 5n))).toBe(hexOf(c.Point.BASE.multiply(5n)));
  });

  it('ECDH between the fast path and noble agrees', () => {
    warmUpCurve(id);
    const a = randomScalar(c);
    const b = randomScalar(c);
    const shared1 = multiplyPoint(c, multiplyBase(c, b), a);
    const shared2 = c.Point.BASE.multiply(a).multiply(b);
    expect(shared1.equals(shared2)).toBe(true);
  });
});

describe('CurveArith without an a = −3 model', () => {
  // secp256k1 (a = 0) has no u with u⁴ = −3/a: exercises the generic doubling formula.
  const k1 = new CurveArith({
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    a: 0n,
    b: 7n,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    Gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
    Gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
  });
  it('2·G and 3·G are the known points; k·G = k·(G) via the arbitrary-point path', () => {
    expect(k1.multiplyBase(2n)!.x).toBe(0xc6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5n);
    expect(k1.multiplyBase(3n)!.x).toBe(0xf9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9n);
    const G = { x: k1.domain.Gx, y: k1.domain.Gy };
    const k = 0x1234567890abcdef1234567890abcdef1234567890abcdefn;
    expect(k1.multiply(G, k)).toEqual(k1.multiplyBase(k));
    expect(k1.isOnCurve(k1.multiply(G, k)!)).toBe(true);
  });
});
