// Runs in: Node (engine). Taking a queue number: the number is committed before anything is
// printed, so a printer problem never costs the citizen their place; the ticket prints exactly
// once, now or when the printer recovers.
import type { QueueTicket } from '../../shared/contract/tickets';
import { KioskError, isKioskError } from '../../shared/errors';
import type { Printer } from '../../../hardware/printer/printer';
import type { KioskConfig } from '../config/schema';
import { getLogger } from '../log';
import { printQueueTicket } from './print';
import type { QueueNumbers } from './queue-numbers';

const log = getLogger('tickets');

/** How long the citizen waits for the printer's confirmation before being told it will follow. */
const PRINT_WAIT_MS = 15_000;

export class TicketService {
  constructor(
    private readonly config: KioskConfig,
    private readonly numbers: () => QueueNumbers,
    private readonly printer: () => Printer | undefined,
  ) {}

  services(): Array<{ code: string; name: string }> {
    return this.config.queue.services;
  }

  async take(serviceCode: string): Promise<QueueTicket> {
    const service = this.config.queue.services.find((s) => s.code === serviceCode);
    if (!service) {
      throw new KioskError({
        code: 'queue.unknown-service',
        technicianMessage: `service ${serviceCode} is not in queue.services`,
        citizenMessage: 'Dịch vụ này không có tại quầy. Xin vui lòng chọn dịch vụ khác.',
      });
    }
    const issued = this.numbers().next(service.code);
    const ticket: QueueTicket = {
      serviceCode: service.code,
      serviceName: service.name,
      number: issued.number,
      waitingAhead: issued.waitingAhead,
      issuedAt: issued.issuedAt,
      print: 'no-printer',
      printMessage: 'Xin ông/bà ghi nhớ số thứ tự trên màn hình.',
    };
    const printer = this.printer();
    if (!printer) return ticket;
    try {
      const { jobId } = await printQueueTicket(printer, {
        centreName: this.config.centre.name,
        serviceCode: service.code,
        serviceName: service.name,
        number: issued.number,
        issuedAt: issued.issuedAt,
        waitingAhead: issued.waitingAhead,
      });
      await printer.waitForJob(jobId, PRINT_WAIT_MS);
      log.info({ service: service.code, number: issued.number }, 'queue ticket printed');
      return { ...ticket, print: 'printed', printMessage: undefined };
    } catch (error) {
      // Paper out, cover open, printer offline: the job stays queued and prints once on recovery.
      log.warn({ service: service.code, number: issued.number, code: isKioskError(error) ? error.code : 'unknown' }, 'queue ticket not printed yet');
      const alarm = printer.alarms()[0];
      return {
        ...ticket,
        print: 'pending',
        printMessage: `${alarm?.citizenMessage ?? 'Máy in chưa in được phiếu.'} Xin ông/bà ghi nhớ số thứ tự trên màn hình.`,
      };
    }
  }
}
