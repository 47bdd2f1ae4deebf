// Runs in: Node (one-off, by hand: `npx tsx hardware/card-reader/sample/make-fixtures.ts`).
// Regenerates the TEST PKI and face images the sample documents are built from. Keys come from a
// CSPRNG, so the outputs are committed as fixtures and the sample builder itself is deterministic.
// The TEST CSCA private key is used here and then discarded: nobody can issue under it later.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { generateKey, issueCertificate, keyIdentifier, name, signerFor, toPem } from './pki';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const cscaDir = join(here, '..', '..', '..', 'resources', 'csca', 'test');

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

function faceSvg(skin: string, hair: string, shirt: string, seed: number): string {
  // A drawn, fictional face (no real person) with film-grain texture so the JPEG has a
  // realistic size for chip-read benchmarks.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="480" viewBox="0 0 360 480">
  <defs><filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.9" numOctaves="2" seed="${seed}"/>
  <feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="linear" slope="0.22"/></feComponentTransfer>
  <feComposite in2="SourceGraphic" operator="in"/></filter></defs>
  <rect width="360" height="480" fill="#e8eef4"/>
  <path d="M40 480 C60 380 120 350 180 350 C240 350 300 380 320 480 Z" fill="${shirt}"/>
  <rect x="150" y="300" width="60" height="70" fill="${skin}"/>
  <ellipse cx="180" cy="215" rx="105" ry="130" fill="${skin}"/>
  <path d="M75 200 C70 90 140 60 185 62 C250 64 295 110 285 205 C270 150 230 120 180 118 C130 120 95 150 75 200 Z" fill="${hair}"/>
  <ellipse cx="140" cy="215" rx="16" ry="9" fill="#fff"/><circle cx="140" cy="215" r="7" fill="#2b1d14"/>
  <ellipse cx="220" cy="215" rx="16" ry="9" fill="#fff"/><circle cx="220" cy="215" r="7" fill="#2b1d14"/>
  <path d="M118 192 Q140 180 162 190" stroke="${hair}" stroke-width="6" fill="none"/>
  <path d="M198 190 Q220 180 242 192" stroke="${hair}" stroke-width="6" fill="none"/>
  <path d="M180 225 L170 275 Q180 282 192 275" stroke="#b07a5a" stroke-width="4" fill="none"/>
  <path d="M145 305 Q180 325 215 305" stroke="#a0524a" stroke-width="6" fill="none"/>
  <rect width="360" height="480" fill="#808080" filter="url(#grain)"/>
</svg>`;
}

async function face(file: string, svg: string): Promise<void> {
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 82, chromaSubsampling: '4:2:0' }).toBuffer();
  writeFileSync(join(fixtures, file), jpeg);
  console.log(`${file}: ${jpeg.length} bytes`);
}

async function main(): Promise<void> {
  mkdirSync(fixtures, { recursive: true });
  mkdirSync(cscaDir, { recursive: true });

  const cscaKey = generateKey('rsa-pkcs1', 3072);
  const csca = signerFor(cscaKey, 'rsa-pkcs1');
  const cscaName = name([['C', 'VN'], ['O', 'TEST ONLY - Motcua Kiosk samples'], ['CN', 'TEST CSCA Viet Nam - NOT TRUSTED']]);
  const cscaCert = issueCertificate(
    { serial: 0x7e57n, issuer: cscaName, subject: cscaName, notBefore: utc(2024, 1, 1), notAfter: utc(2039, 1, 1), spki: csca.spki, isCa: true },
    csca,
  );
  writeFileSync(join(cscaDir, 'TEST-ONLY-csca-vn.pem'), toPem(cscaCert));

  const docSigners = [
    { id: 'cccd', kind: 'ecdsa-brainpoolP256r1' as const, cn: 'TEST Document Signer CCCD - NOT TRUSTED', serial: 0x1001n },
    { id: 'passport', kind: 'rsa-pkcs1' as const, cn: 'TEST Document Signer Passport - NOT TRUSTED', serial: 0x1002n },
  ];
  for (const ds of docSigners) {
    const key = generateKey(ds.kind);
    const cert = issueCertificate(
      {
        serial: ds.serial,
        issuer: cscaName,
        subject: name([['C', 'VN'], ['O', 'TEST ONLY - Motcua Kiosk samples'], ['CN', ds.cn]]),
        notBefore: utc(2024, 1, 1),
        notAfter: utc(2036, 12, 31),
        spki: signerFor(key, ds.kind).spki,
        isCa: false,
        issuerKeyId: keyIdentifier(csca.spki),
      },
      csca,
    );
    writeFileSync(join(fixtures, `ds-${ds.id}.pem`), toPem(cert));
    writeFileSync(join(fixtures, `ds-${ds.id}.key.pem`), key.export({ type: 'pkcs8', format: 'pem' }) as string);
  }
  writeFileSync(join(fixtures, 'aa-cccd.key.pem'), generateKey('rsa-pkcs1', 1024).export({ type: 'pkcs8', format: 'pem' }) as string);
  writeFileSync(join(fixtures, 'aa-passport.key.pem'), generateKey('ecdsa-p256').export({ type: 'pkcs8', format: 'pem' }) as string);
  writeFileSync(join(fixtures, 'ca-cccd.key.pem'), generateKey('ecdsa-brainpoolP256r1').export({ type: 'pkcs8', format: 'pem' }) as string);

  await face('face-cccd.jpg', faceSvg('#e9c4a6', '#1d140f', '#ffffff', 7));
  await face('face-passport.jpg', faceSvg('#d9a988', '#2a2a2a', '#1f3b63', 11));
  // JPEG 2000 variant of the passport face (many passports store JP2): OpenJPEG, 40:1 lossy.
  const png = join(fixtures, '.face-passport.png');
  await sharp(join(fixtures, 'face-passport.jpg')).png().toFile(png);
  execFileSync('opj_compress', ['-i', png, '-o', join(fixtures, 'face-passport.jp2'), '-r', '40']);
  execFileSync('rm', ['-f', png]);
}

await main();
