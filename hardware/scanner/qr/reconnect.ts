// Runs in: Node (engine). The connect / lost / retry cycle the serial and HID QR drivers share: a
// driver starts even when its device is absent, retries on a fixed interval until it connects, and
// goes back to retrying when the device is lost, until stop(). Only the connect attempt itself is
// driver-specific.

export interface ReconnectLoopOptions {
  /** Pause between attempts while the device is absent. */
  intervalMs: number;
  /**
   * One attempt: open the device and return true, or return false (device absent, open failed;
   * the driver sets its own status). A throw counts as false.
   */
  connect: () => Promise<boolean>;
}

export class ReconnectLoop {
  private running = false;
  private attempting = false;
  private connected = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ReconnectLoopOptions) {}

  /** True between start() and stop(): a driver drops a device that opens after stop(). */
  get active(): boolean {
    return this.running;
  }

  /** Starts the cycle and resolves after the first attempt (connected or not). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.attempt();
  }

  /** Ends the cycle; the driver closes its device itself. */
  stop(): void {
    this.running = false;
    this.connected = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The device went away (read error, hang-up): retry until it is back. */
  lost(): void {
    this.connected = false;
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => void this.attempt(), this.opts.intervalMs);
    this.timer.unref?.();
  }

  private async attempt(): Promise<void> {
    // One attempt at a time: a slow open must not race the next timer tick.
    if (!this.running || this.connected || this.attempting) return;
    this.attempting = true;
    let ok = false;
    try {
      ok = await this.opts.connect();
    } catch {
      ok = false;
    } finally {
      this.attempting = false;
    }
    if (!this.running) return;
    this.connected = ok;
    if (!ok) this.schedule();
  }
}
