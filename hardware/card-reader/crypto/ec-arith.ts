// Runs in: Node (engine) and Electron (no Node imports).
// Fast short-Weierstrass scalar multiplication for PACE, Chip Authentication and ECDSA checks.
// Why not @noble/curves' multiply: it uses complete (Renes–Costello–Batina) projective formulas,
// which cost ~16 field multiplications per doubling on a ≠ 0 curves such as brainpool, and a
// blinded constant-time ladder with a "fake" accumulator; a PACE run does five multiplications per
// side, which made the handshake the largest CPU item of a whole chip read. Here:
// - Jacobian coordinates with a = −3 doublings (3M + 5S). Curves with another `a` (brainpool r1)
//   run on an isomorphic a = −3 curve (x, y) → (u²x, u³y) when u⁴ = −3/a exists (it does for every
//   brainpool r1 curve: their t1 twins are built that way), then map back.
// - Arbitrary points: signed 5-bit windows over a table of 1P..16P normalised to affine with one
//   batched inversion, so every addition is a mixed (11-multiplication) one.
// - The generator: a lazily built per-curve table of d·2^(5i)·G (d = 1..16), so k·G is ~52 mixed
//   additions and no doublings.
// Scalars here are ephemeral (one PACE/CA session, two multiplications each); the operation
// sequence depends only on the scalar's signed digits being zero or not, and BigInt arithmetic is
// not constant-time anyway, so no blinding is attempted.

/** Affine point; `null` is the point at infinity. */
export interface Affine {
  x: bigint;
  y: bigint;
}

export interface CurveDomain {
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  Gx: bigint;
  Gy: bigint;
}

const W = 5;
const HALF = 1 << (W - 1); // 16: digits are in [-16, 16]
const WMASK = BigInt((1 << W) - 1);
const WBITS = BigInt(W);

/** Signed fixed-window digits of k (least significant first), k = Σ d_i·2^(W·i). */
function recode(k: bigint): Int8Array {
  const digits: number[] = [];
  let v = k;
  while (v > 0n) {
    let d = Number(v & WMASK);
    v >>= WBITS;
    if (d > HALF) {
      d -= 1 << W;
      v += 1n;
    }
    digits.push(d);
  }
  return Int8Array.from(digits);
}

/** Jacobian point (X/Z², Y/Z³); Z = 0 is infinity. Mutable scratch type inside one multiplication. */
interface Jac {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

export class CurveArith {
  readonly domain: CurveDomain;
  private readonly p: bigint;
  /** Isomorphism to the a = −3 model: u², u³ and their inverses (all 1 when a is already −3). */
  private u2 = 1n;
  private u3 = 1n;
  private u2inv = 1n;
  private u3inv = 1n;
  /** `a` for the generic doubling formula; null when the model has a = −3. */
  private genericA: bigint | null = null;
  private modelReady = false;
  private baseTable: Affine[][] | null = null;

  constructor(domain: CurveDomain) {
    this.domain = domain;
    this.p = domain.p;
  }

  /** Finds the a = −3 model on first use: the fourth root costs a few modular powers per curve, not worth paying at import. */
  private ensureModel(): void {
    if (this.modelReady) return;
    const p = this.p;
    const minus3 = p - 3n;
    const a = this.mod(this.domain.a);
    let u: bigint | null = a === minus3 ? 1n : null;
    if (u === null && a !== 0n) u = fourthRoot(this.mod(minus3 * modInverse(a, p)), p);
    if (u === null) {
      this.genericA = a;
    } else if (u !== 1n) {
      this.u2 = this.mod(u * u);
      this.u3 = this.mod(this.u2 * u);
      this.u2inv = modInverse(this.u2, p);
      this.u3inv = modInverse(this.u3, p);
    }
    this.modelReady = true;
  }

  private mod(v: bigint): bigint {
    const r = v % this.p;
    return r < 0n ? r + this.p : r;
  }

  /** Is (x, y) on the curve (original model)? */
  isOnCurve(P: Affine): boolean {
    const { p, a, b } = this.domain;
    if (P.x < 0n || P.x >= p || P.y < 0n || P.y >= p) return false;
    const x = P.x;
    return this.mod(P.y * P.y) === this.mod(this.mod(x * x + a) * x + b);
  }

  /** k·P for an affine point of the curve; k is reduced mod n; null when the result is infinity. */
  multiply(P: Affine, k: bigint): Affine | null {
    const s = ((k % this.domain.n) + this.domain.n) % this.domain.n;
    if (s === 0n) return null;
    return this.fromModel(this.mulJac(this.toModel(P), s));
  }

  /** k·G, from the precomputed generator table. */
  multiplyBase(k: bigint): Affine | null {
    const s = ((k % this.domain.n) + this.domain.n) % this.domain.n;
    if (s === 0n) return null;
    return this.fromModel(this.mulBaseJac(s));
  }

  /** k·G + m·Q in one normalisation (the PACE generic mapping: G' = s·G + SK·PK). */
  multiplyBaseAdd(k: bigint, Q: Affine, m: bigint): Affine | null {
    const n = this.domain.n;
    const sk = ((k % n) + n) % n;
    const sm = ((m % n) + n) % n;
    const a: Jac = sk === 0n ? { X: 1n, Y: 1n, Z: 0n } : this.mulBaseJac(sk);
    const b: Jac = sm === 0n ? { X: 1n, Y: 1n, Z: 0n } : this.mulJac(this.toModel(Q), sm);
    return this.fromModel(this.addJac(a, b));
  }

  /** P + Q in affine coordinates (one inversion). */
  add(P: Affine | null, Q: Affine | null): Affine | null {
    if (!P) return Q;
    if (!Q) return P;
    const a = this.toModel(P);
    const b = this.toModel(Q);
    return this.fromModel(this.addJac({ X: a.x, Y: a.y, Z: 1n }, { X: b.x, Y: b.y, Z: 1n }));
  }

  // --- model conversion -------------------------------------------------------------------

  private toModel(P: Affine): Affine {
    this.ensureModel();
    if (this.u2 === 1n) return P;
    return { x: this.mod(P.x * this.u2), y: this.mod(P.y * this.u3) };
  }

  private fromModel(J: Jac): Affine | null {
    this.ensureModel();
    if (J.Z === 0n) return null;
    const zi = modInverse(J.Z, this.p);
    const zi2 = this.mod(zi * zi);
    let x = this.mod(J.X * zi2);
    let y = this.mod(J.Y * this.mod(zi2 * zi));
    if (this.u2 !== 1n) {
      x = this.mod(x * this.u2inv);
      y = this.mod(y * this.u3inv);
    }
    return { x, y };
  }

  // --- Jacobian arithmetic in the model ---------------------------------------------------

  /** In-place doubling. a = −3: dbl-2001-b (3M + 5S); otherwise dbl-1998-cmo-2 (4M + 6S). */
  private dbl(J: Jac): void {
    const p = this.p;
    const { X, Y, Z } = J;
    if (Z === 0n || Y === 0n) {
      J.Z = 0n;
      return;
    }
    const yy = (Y * Y) % p;
    const zz = (Z * Z) % p;
    let m: bigint;
    if (this.genericA === null) {
      m = (3n * (((X - zz) * (X + zz)) % p)) % p; // 3(X − Z²)(X + Z²) = 3X² − 3Z⁴
    } else {
      m = (3n * X * X + this.genericA * ((zz * zz) % p)) % p;
    }
    if (m < 0n) m += p;
    const s = (4n * X * yy) % p;
    let x3 = (m * m - 2n * s) % p;
    if (x3 < 0n) x3 += p;
    const yyyy = (yy * yy) % p;
    let y3 = (m * (s - x3) - 8n * yyyy) % p;
    if (y3 < 0n) y3 += p;
    J.Z = (2n * Y * Z) % p;
    J.X = x3;
    J.Y = y3;
  }

  /** In-place J += (x2, y2) (mixed addition, madd-2004-hmv: 8M + 3S); exceptional cases handled. */
  private madd(J: Jac, x2: bigint, y2: bigint): void {
    const p = this.p;
    const { X, Y, Z } = J;
    if (Z === 0n) {
      J.X = x2;
      J.Y = y2;
      J.Z = 1n;
      return;
    }
    const zz = (Z * Z) % p;
    const u2 = (x2 * zz) % p;
    const s2 = (((y2 * Z) % p) * zz) % p;
    let h = u2 - X;
    if (h < 0n) h += p;
    let r = s2 - Y;
    if (r < 0n) r += p;
    if (h === 0n) {
      if (r === 0n) this.dbl(J);
      else J.Z = 0n;
      return;
    }
    const hh = (h * h) % p;
    const hhh = (h * hh) % p;
    const v = (X * hh) % p;
    let x3 = (r * r - hhh - 2n * v) % p;
    if (x3 < 0n) x3 += p;
    let y3 = (r * (v - x3) - Y * hhh) % p;
    if (y3 < 0n) y3 += p;
    J.Z = (Z * h) % p;
    J.X = x3;
    J.Y = y3;
  }

  /** Full Jacobian addition (add-1998-cmo-2), new object; exceptional cases handled. */
  private addJac(A: Jac, B: Jac): Jac {
    if (A.Z === 0n) return { ...B };
    if (B.Z === 0n) return { ...A };
    const p = this.p;
    const z1z1 = (A.Z * A.Z) % p;
    const z2z2 = (B.Z * B.Z) % p;
    const u1 = (A.X * z2z2) % p;
    const u2 = (B.X * z1z1) % p;
    const s1 = (((A.Y * B.Z) % p) * z2z2) % p;
    const s2 = (((B.Y * A.Z) % p) * z1z1) % p;
    let h = u2 - u1;
    if (h < 0n) h += p;
    let r = s2 - s1;
    if (r < 0n) r += p;
    if (h === 0n) {
      if (r !== 0n) return { X: 1n, Y: 1n, Z: 0n };
      const d = { ...A };
      this.dbl(d);
      return d;
    }
    const hh = (h * h) % p;
    const hhh = (h * hh) % p;
    const v = (u1 * hh) % p;
    let x3 = (r * r - hhh - 2n * v) % p;
    if (x3 < 0n) x3 += p;
    let y3 = (r * (v - x3) - s1 * hhh) % p;
    if (y3 < 0n) y3 += p;
    return { X: x3, Y: y3, Z: (((A.Z * B.Z) % p) * h) % p };
  }

  /** Affine [1P, 2P, …, 16P] (index d − 1), one batched inversion. */
  private multiplesTable(P: Affine): Affine[] {
    const jac: Jac[] = [{ X: P.x, Y: P.y, Z: 1n }];
    const two: Jac = { X: P.x, Y: P.y, Z: 1n };
    this.dbl(two);
    jac.push(two);
    for (let d = 3; d <= HALF; d++) {
      const next = { ...jac[d - 2]! };
      this.madd(next, P.x, P.y);
      jac.push(next);
    }
    return this.normalize(jac);
  }

  /** Batch Jacobian → affine (Montgomery's trick). Infinity entries come out as (0, 0) — never used as addends, see callers. */
  private normalize(points: Jac[]): Affine[] {
    const p = this.p;
    const prefix: bigint[] = new Array<bigint>(points.length);
    let acc = 1n;
    for (let i = 0; i < points.length; i++) {
      prefix[i] = acc;
      const z = points[i]!.Z;
      if (z !== 0n) acc = (acc * z) % p;
    }
    let inv = modInverse(acc, p);
    const out: Affine[] = new Array<Affine>(points.length);
    for (let i = points.length - 1; i >= 0; i--) {
      const pt = points[i]!;
      if (pt.Z === 0n) {
        out[i] = { x: 0n, y: 0n };
        continue;
      }
      const zi = (inv * prefix[i]!) % p;
      inv = (inv * pt.Z) % p;
      const zi2 = (zi * zi) % p;
      out[i] = { x: (pt.X * zi2) % p, y: (((pt.Y * zi2) % p) * zi) % p };
    }
    return out;
  }

  /** s·P (model coordinates, 0 < s < n, P not infinity). */
  private mulJac(P: Affine, s: bigint): Jac {
    const table = this.multiplesTable(P);
    const digits = recode(s);
    const p = this.p;
    const J: Jac = { X: 1n, Y: 1n, Z: 0n };
    for (let i = digits.length - 1; i >= 0; i--) {
      if (J.Z !== 0n) for (let j = 0; j < W; j++) this.dbl(J);
      const d = digits[i]!;
      if (d === 0) continue;
      // d·P is never infinity: |d| ≤ 16 is far below the (prime, large) group order.
      const t = table[(d < 0 ? -d : d) - 1]!;
      this.madd(J, t.x, d < 0 ? p - t.y : t.y);
    }
    return J;
  }

  /** Table row i holds d·2^(W·i)·G for d = 1..16 (model coordinates, affine). */
  private base(): Affine[][] {
    if (this.baseTable) return this.baseTable;
    this.ensureModel();
    // Signed recoding of k < n never needs more than ⌈bits/W⌉ + 1 digits.
    const rows = Math.ceil(this.domain.n.toString(2).length / W) + 1;
    const g = this.toModel({ x: this.domain.Gx, y: this.domain.Gy });
    const all: Jac[] = [];
    let rowBase: Jac = { X: g.x, Y: g.y, Z: 1n };
    for (let i = 0; i < rows; i++) {
      // The row's multiples are built from an affine copy of its base so mixed additions apply.
      const [b] = this.normalize([rowBase]);
      const row: Jac[] = [{ X: b!.x, Y: b!.y, Z: 1n }];
      for (let d = 2; d <= HALF; d++) {
        const next = { ...row[d - 2]! };
        this.madd(next, b!.x, b!.y);
        row.push(next);
      }
      all.push(...row);
      // 2^W·base = 2·(16·base)
      rowBase = { ...row[HALF - 1]! };
      this.dbl(rowBase);
    }
    const flat = this.normalize(all);
    const table: Affine[][] = [];
    for (let i = 0; i < rows; i++) table.push(flat.slice(i * HALF, (i + 1) * HALF));
    this.baseTable = table;
    return table;
  }

  private mulBaseJac(s: bigint): Jac {
    const table = this.base();
    const digits = recode(s);
    const p = this.p;
    const J: Jac = { X: 1n, Y: 1n, Z: 0n };
    for (let i = 0; i < digits.length; i++) {
      const d = digits[i]!;
      if (d === 0) continue;
      const t = table[i]![(d < 0 ? -d : d) - 1]!;
      this.madd(J, t.x, d < 0 ? p - t.y : t.y);
    }
    return J;
  }
}

/** a⁻¹ mod m (m prime, a ≠ 0 mod m), extended Euclid. */
export function modInverse(a: bigint, m: bigint): bigint {
  let r0 = m;
  let r1 = ((a % m) + m) % m;
  if (r1 === 0n) throw new RangeError('no inverse of 0');
  let s0 = 0n;
  let s1 = 1n;
  while (r1 !== 0n) {
    const q = r0 / r1;
    const r2 = r0 - q * r1;
    r0 = r1;
    r1 = r2;
    const s2 = s0 - q * s1;
    s0 = s1;
    s1 = s2;
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return s0 < 0n ? s0 + m : s0;
}

function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** A square root mod p for p ≡ 3 (mod 4), or null when v is not a square. */
function sqrt3mod4(v: bigint, p: bigint): bigint | null {
  if (p % 4n !== 3n) return null;
  const r = modPow(v, (p + 1n) / 4n, p);
  return (r * r) % p === v % p ? r : null;
}

/** Some u with u⁴ = v (mod p), or null (also when p ≢ 3 mod 4: the generic formulas are used then). */
function fourthRoot(v: bigint, p: bigint): bigint | null {
  const r = sqrt3mod4(v, p);
  if (r === null) return null;
  return sqrt3mod4(r, p) ?? sqrt3mod4(p - r, p);
}
