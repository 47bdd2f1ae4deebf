// Runs in: Node (CLI). "Builds what is stale": the renderer bundle (Vite) and, for Electron, the
// main and preload bundles (esbuild). A stamp file records the newest source time built.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getLogger } from '../../core/log';
import { electronDist, projectRoot, rendererDist } from './paths';

const log = getLogger('build');

function newestMtime(entries: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const child of readdirSync(p)) if (child !== 'node_modules') visit(path.join(p, child));
    } else if (!p.endsWith('.test.ts') && !p.endsWith('.test.tsx')) newest = Math.max(newest, st.mtimeMs);
  };
  entries.forEach((e) => visit(path.join(projectRoot, e)));
  return newest;
}

function isStale(stampFile: string, sources: string[]): { stale: boolean; newest: number } {
  const newest = newestMtime(sources);
  if (!existsSync(stampFile)) return { stale: true, newest };
  const built = Number(readFileSync(stampFile, 'utf8'));
  return { stale: !(built >= newest), newest };
}

// resources/i18n is bundled into the renderer: a change of wording alone must rebuild it.
const RENDERER_SOURCES = ['src/renderer', 'src/shared', 'resources/i18n', 'vite.config.ts', 'package-lock.json'];

export async function buildRenderer(force = false): Promise<boolean> {
  const stamp = path.join(rendererDist, '.build-stamp');
  const { stale, newest } = isStale(stamp, RENDERER_SOURCES);
  if (!stale && !force) return false;
  const { build } = await import('vite');
  const started = performance.now();
  await build({ configFile: path.join(projectRoot, 'vite.config.ts'), root: path.join(projectRoot, 'src/renderer'), logLevel: 'warn' });
  writeFileSync(stamp, String(newest));
  log.info({ ms: Math.round(performance.now() - started) }, 'renderer built');
  return true;
}

const ELECTRON_SOURCES = ['src/main', 'src/preload', 'src/shared', 'src/core', 'hardware', 'package-lock.json'];

/** Native modules stay outside the bundle: electron-builder rebuilds them for Electron's ABI. */
const NATIVE = ['electron', 'better-sqlite3-multiple-ciphers', '@pokusew/pcsclite', 'serialport', 'node-hid', 'sharp', 'tesseract.js', 'zxing-wasm', 'pino', 'rotating-file-stream'];

export async function buildElectron(force = false): Promise<boolean> {
  const stamp = path.join(electronDist, '.build-stamp');
  const { stale, newest } = isStale(stamp, ELECTRON_SOURCES);
  if (!stale && !force) return false;
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { main: path.join(projectRoot, 'src/main/index.ts') },
    outdir: electronDist,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: NATIVE,
    logLevel: 'warning',
  });
  // The preload runs sandboxed: it may require only `electron`, so everything else is bundled in.
  await esbuild.build({
    entryPoints: { preload: path.join(projectRoot, 'src/preload/index.ts') },
    outdir: path.join(projectRoot, 'dist/preload'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
    logLevel: 'warning',
  });
  writeFileSync(stamp, String(newest));
  return true;
}
