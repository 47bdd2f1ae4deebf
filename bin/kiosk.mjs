#!/usr/bin/env node
// The one CLI for technicians and tests: `npx kiosk <command>`. TypeScript sources run through tsx
// so a fresh clone needs no build step before the first command; `kiosk start` runs from a bundle
// rebuilt when its sources change (bin/prebuilt-start.mjs), so the kiosk boots without tsx.
const argv = process.argv.slice(2);
let code = argv[0] === 'start' ? await (await import('./prebuilt-start.mjs')).runPrebuiltStart(argv.slice(1)) : null;
if (code === null) {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  code = await main(argv);
}
process.exitCode = code;
// Every command has finished its work when main() returns (long-running ones return on SIGINT or
// SIGTERM). A native binding can still hold the event loop open — @pokusew/pcsclite keeps a
// handle after the reader is stopped — so the process would never end: give pending output a
// moment, then exit. The timer is unref'd, so a process that can end by itself ends at once.
setTimeout(() => process.exit(code), 1000).unref();
