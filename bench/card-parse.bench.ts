// Runs in: Node (bench). Host CPU cost of turning the sample CCCD's files into an identity: LDS
// parsing (COM, DG1, DG13, DG2, DG14, DG15, SOD) and passive authentication, per step.
import { loadTrustStore } from '../hardware/card-reader/pa/trust-store';
import { verifyPassive } from '../hardware/card-reader/pa/passive';
import { resolveSignatureAlgorithm, verifyEcdsaWithNoble, verifySignature } from '../hardware/card-reader/pa/signature';
import { parseEfCom } from '../hardware/card-reader/lds/com';
import { parseDg1 } from '../hardware/card-reader/lds/dg1';
import { parseDg13 } from '../hardware/card-reader/lds/dg13';
import { parseDg2 } from '../hardware/card-reader/lds/dg2';
import { parseDg15 } from '../hardware/card-reader/lds/dg15';
import { parseDg14 } from '../hardware/card-reader/lds/securityInfos';
import { parseSod } from '../hardware/card-reader/lds/sod';
import { buildSampleCccd, buildSamplePassport, FID } from '../hardware/card-reader/sample/documents';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';

const cscaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../resources/csca');
const RUNS = 200;

async function figure(metric: string, fn: () => unknown, note: string, runs = RUNS): Promise<BenchFigure[]> {
  const t = await timeRuns(fn, runs, 5);
  return [
    { metric: `${metric} (median)`, value: round(median(t), 3), unit: 'ms', note: `${runs} runs; ${note}` },
    { metric: `${metric} (p95)`, value: round(percentile(t, 95), 3), unit: 'ms', note: `${runs} runs` },
  ];
}

const bench: Benchmark = {
  name: 'card-parse',
  description: 'LDS parsing and passive authentication of the sample CCCD and passport (host CPU, no card I/O)',
  async run() {
    const cccd = buildSampleCccd();
    const passport = buildSamplePassport();
    const store = loadTrustStore(cscaDir, { includeTestAnchors: true });
    const f = (fid: number): Uint8Array => cccd.files.get(fid)!;
    const sizes = [...cccd.files.values()].reduce((n, b) => n + b.length, 0);
    const out: BenchFigure[] = [{ metric: 'sample CCCD total file bytes', value: sizes, unit: 'bytes', note: `DG2 ${cccd.dataGroups.get(2)!.length} bytes` }];
    out.push(...(await figure('parse DG1 + DG13 (first hand-off)', () => (parseDg1(f(FID.dg(1))), parseDg13(f(FID.dg(13)))), 'TD1 MRZ with check digits + 16 DG13 fields')));
    out.push(...(await figure('parse EF.COM + DG2 + DG14 + DG15', () => (parseEfCom(f(FID.com)), parseDg2(f(FID.dg(2))), parseDg14(f(FID.dg(14))), parseDg15(f(FID.dg(15)))), 'face extraction without decoding')));
    out.push(...(await figure('parse EF.SOD', () => parseSod(f(FID.sod)), 'CMS + LDSSecurityObject + DS certificate')));
    out.push(
      ...(await figure('passive authentication, CCCD (full)', () => verifyPassive({ sod: f(FID.sod), dataGroups: cccd.dataGroups, trustStore: store }), 'SOD parse, 5 SHA-256 DG hashes, ECDSA brainpoolP256r1 via node:crypto, RSA-3072 chain')),
    );
    out.push(
      ...(await figure('passive authentication, passport (full)', () => verifyPassive({ sod: passport.files.get(FID.sod)!, dataGroups: passport.dataGroups, trustStore: store }), 'RSA-2048 DS, RSA-3072 CSCA')),
    );
    const sod = parseSod(f(FID.sod));
    const si = sod.signerInfos[0]!;
    const alg = resolveSignatureAlgorithm(si.signatureAlgorithm, si.digestAlgorithm);
    const spki = sod.certificates[0]!.subjectPublicKeyInfo;
    out.push(...(await figure('ECDSA brainpoolP256r1 verify, node:crypto', () => verifySignature(spki, alg, si.signedAttributesDer!, si.signature), 'OpenSSL')));
    out.push(...(await figure('ECDSA brainpoolP256r1 verify, @noble/curves', () => verifyEcdsaWithNoble(spki, alg, si.signedAttributesDer!, si.signature), 'the path for runtimes without brainpool (Electron/BoringSSL)', 50)));
    out.push(...(await figure('build sample CCCD (personalisation + SOD signing)', () => buildSampleCccd(), 'simulator start-up cost', 20)));
    return out;
  },
};

export default bench;
