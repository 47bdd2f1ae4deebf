// Runs in: Node (engine). How long a person at the kiosk waits for paper. A job that cannot print
// (paper out, cover open, printer gone) stays queued and comes out on recovery, so there is no
// point keeping someone in front of a spinner for the whole wait: the moment the printer raises a
// blocking alarm, they are told what happened. Warnings (paper low) do not stop the wait.
import type { Printer } from '../../../hardware/printer/printer';
import type { PrinterAlarm } from '../../../hardware/printer/status';

export type PrintOutcome = { printed: true } | { printed: false; alarm?: PrinterAlarm };

/** How long the citizen waits for the printer's confirmation before being told it will follow. */
export const PRINT_WAIT_MS = 15_000;

const blocking = (alarms: readonly PrinterAlarm[]): PrinterAlarm | undefined => alarms.find((a) => a.severity === 'alarm');

/** Resolves (never rejects) when the job printed, the printer raised a blocking alarm, or the wait ran out. */
export function printedOrStalled(printer: Printer, jobId: string, timeoutMs = PRINT_WAIT_MS): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PrintOutcome) => {
      if (settled) return;
      settled = true;
      off();
      resolve(r);
    };
    const off = printer.onAlarm((alarms) => {
      const alarm = blocking(alarms);
      if (alarm) finish({ printed: false, alarm });
    });
    const now = blocking(printer.alarms());
    if (now) return finish({ printed: false, alarm: now });
    printer.waitForJob(jobId, timeoutMs).then(
      () => finish({ printed: true }),
      () => {
        const alarm = blocking(printer.alarms()) ?? printer.alarms()[0];
        finish(alarm ? { printed: false, alarm } : { printed: false });
      },
    );
  });
}
