// Runs in: Node (engine, CLI runtime). Where a boot's time went, for the technician's log and the
// `kiosk start` output ("startup: ready 812 ms after process start: modules 540, config 12, …"):
// future work on boot time starts from these figures instead of a profiler.

export class StartupPhases {
  private readonly phases: Array<[string, number]> = [];
  private last: number;

  /**
   * The time from process start to now (Node's boot and module loading) becomes the first phase,
   * `first`.
   */
  constructor(first = 'modules') {
    this.last = performance.now();
    this.phases.push([first, Math.round(this.last)]);
  }

  /** Closes the phase that ran since the previous mark. */
  mark(name: string): void {
    const now = performance.now();
    this.phases.push([name, Math.round(now - this.last)]);
    this.last = now;
  }

  /** Milliseconds from process start to the last mark. */
  get total(): number {
    return Math.round(this.last);
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.phases, ['total', this.total]]);
  }

  toString(): string {
    return `${this.total} ms after process start: ${this.phases.map(([name, ms]) => `${name} ${ms}`).join(', ')}`;
  }
}
