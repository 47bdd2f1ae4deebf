#!/usr/bin/env node
// The one CLI for technicians and tests: `npx kiosk <command>`. TypeScript sources run through tsx
// so a fresh clone needs no build step before the first command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Every command has finished its work when main() returns (long-running ones return on SIGINT or
// SIGTERM). A native binding can still hold the event loop open — @pokusew/pcsclite keeps a
// handle after the reader is stopped — so the process would never end: give pending output a
// moment, then exit. The timer is unref'd, so a process that can end by itself ends at once.
setTimeout(() => process.exit(code), 1000).unref();
