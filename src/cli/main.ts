// Runs in: Node (CLI). Dispatches `kiosk <command>` to `src/cli/commands/<command>.ts`.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isKioskError } from '../shared/errors';
import type { CliCommand } from './types';

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

function commandFiles(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
}

async function loadCommand(file: string): Promise<CliCommand> {
  const mod = (await import(pathToFileURL(path.join(commandsDir, file)).href)) as { command: CliCommand };
  return mod.command;
}

async function printHelp(): Promise<void> {
  const commands = await Promise.all(commandFiles().map(loadCommand));
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  process.stdout.write(
    `Motcua Kiosk — one CLI for technicians and tests.\n\nUsage: kiosk <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
      `Run \`kiosk <command> --help\` for a command's options.\n`,
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name ? 0 : 1;
  }
  const file = commandFiles().find((f) => f === `${name}.ts`);
  if (!file) {
    process.stderr.write(`kiosk: unknown command "${name}". Run \`kiosk --help\`.\n`);
    return 2;
  }
  return runCommand(await loadCommand(file), rest);
}

/** Runs one command with its arguments (also the entry of the prebuilt `start` bundle). */
export async function runCommand(command: CliCommand, rest: string[]): Promise<number> {
  const name = command.name;
  // `kiosk sim <device> --help` is the simulator's own usage: sim dispatches it.
  if (command.name !== 'sim' && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (isKioskError(error)) {
      process.stderr.write(`kiosk ${name}: ${error.technicianMessage} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}
