// Runs in: Node (CLI).

/** One `kiosk <name>` command. Each lives in its own file under `src/cli/commands/`. */
export interface CliCommand {
  name: string;
  /** One line for `kiosk --help`. */
  summary: string;
  /** Full usage text for `kiosk <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throwing a KioskError prints its technician message. */
  run(args: string[]): Promise<number>;
}

/** One `kiosk sim <name>` simulator. Each lives in `hardware/simulators/<name>/cli.ts`. */
export interface SimulatorCli {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}
