#!/usr/bin/env node
// The one CLI for technicians and tests: `npx kiosk <command>`. TypeScript sources run through tsx
// so a fresh clone needs no build step before the first command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
