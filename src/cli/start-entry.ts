// Runs in: Node (CLI). Entry of the prebuilt `kiosk start` bundle that bin/prebuilt-start.mjs
// builds into dist/cli/: the start command with the CLI's own dispatch (help, typed errors).
import { command } from './commands/start';
import { runCommand } from './main';

export const run = (args: string[]): Promise<number> => runCommand(command, args);
