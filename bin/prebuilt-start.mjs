// Runs in: Node (CLI launcher, before any TypeScript loader). `kiosk start` from a prebuilt ESM
// bundle of the start command (engine, drivers, simulators, host) in dist/cli/, rebuilt with
// esbuild whenever one of its source files changed: loading ~200 TypeScript modules through tsx's
// loader thread took most of the kiosk's boot (about 1.4 s of a 1.9 s "ready" on the 2-core
// reference machine), and a bundle is also what the Electron build ships.
// Any problem here (esbuild missing, a build error) falls back to the tsx path, so `kiosk start`
// behaves exactly as before, only slower. KIOSK_NO_PREBUILT=1 forces that path.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/cli');
const bundleFile = path.join(outDir, 'start.mjs');
const stampFile = path.join(outDir, 'start.stamp.json');
const ENTRY = 'src/cli/start-entry.ts';
/**
 * Packages loaded from node_modules at run time, as under tsx: native addons, wasm and worker
 * files found next to their own code (the same list the Electron main bundle keeps out), the PDF
 * libraries (imported on the first PDF only) and the build tools. Every other package is bundled:
 * resolving and reading yaml's, zod's or ws's dozens of files one by one cost more than the code.
 */
const EXTERNAL = [
  'electron',
  'better-sqlite3-multiple-ciphers',
  '@pokusew/pcsclite',
  'serialport',
  'node-hid',
  'sharp',
  'tesseract.js',
  'zxing-wasm',
  'pino',
  'rotating-file-stream',
  'pdf-lib',
  '@pdf-lib/fontkit',
  'vite',
  'esbuild',
];
/** Bump when the build options below change, so existing bundles are rebuilt. */
const FORMAT = 3;

const fileState = (rel) => {
  const st = statSync(path.join(root, rel), { throwIfNoEntry: false });
  return st ? `${st.mtimeMs}:${st.size}` : 'missing';
};

/**
 * The bundle is fresh when every file it was built from has the mtime and size it had then. New
 * files can join the bundle only through an edit to a file already in it, so the recorded list is
 * enough; equality (not "older than") also catches files put back with an older time.
 */
function isFresh() {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (stamp?.format !== FORMAT || fileState(path.relative(root, bundleFile)) !== stamp.bundle) return false;
  return Object.entries(stamp.inputs ?? {}).every(([rel, state]) => fileState(rel) === state);
}

/** Written next to each other and renamed into place, so parallel starts (e2e workers) never read half a file. */
function writeAtomically(file, contents) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

async function build() {
  const esbuild = await import('esbuild');
  const inputs = {};
  const result = await esbuild.build({
    entryPoints: [path.join(root, ENTRY)],
    outfile: bundleFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    sourcemap: 'linked',
    // A real `require` for the drivers that load optional native bindings with it (PC/SC):
    // esbuild's ESM stand-in refuses every call.
    banner: { js: "import { createRequire as kioskCreateRequire } from 'node:module';\nconst require = kioskCreateRequire(import.meta.url);" },
    write: false,
    metafile: true,
    absWorkingDir: root,
    logLevel: 'silent',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(b) {
          // Modules find their data (forms/, resources/, emrtd/) relative to their own file:
          // each keeps its own URL inside the bundle instead of the bundle's.
          b.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
            const rel = path.relative(root, args.path);
            inputs[rel] = fileState(rel);
            const source = await readFile(args.path, 'utf8');
            return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
          });
        },
      },
    ],
  });
  for (const rel of Object.keys(result.metafile.inputs)) inputs[rel] ??= fileState(rel);
  mkdirSync(outDir, { recursive: true });
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'));
  const code = result.outputFiles.find((f) => f.path === bundleFile);
  if (map) writeAtomically(map.path, map.contents);
  writeAtomically(bundleFile, code.contents);
  writeAtomically(stampFile, JSON.stringify({ format: FORMAT, bundle: fileState(path.relative(root, bundleFile)), inputs }));
}

/**
 * Runs `kiosk start ARGS` from the bundle; null when the bundle cannot be had (the caller then
 * runs the TypeScript sources through tsx).
 */
export async function runPrebuiltStart(args) {
  if (process.env.KIOSK_NO_PREBUILT === '1') return null;
  try {
    if (!isFresh()) await build();
  } catch (error) {
    process.stderr.write(`kiosk: prebuilt start bundle unavailable (${error?.message?.split('\n')[0] ?? error}); running the sources through tsx\n`);
    return null;
  }
  // Stack traces in the technician's log point at the TypeScript sources, as under tsx.
  process.setSourceMapsEnabled(true);
  const { run } = await import(pathToFileURL(bundleFile).href);
  return run(args);
}
