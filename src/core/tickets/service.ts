// Runs in: Node (engine). Taking a queue number: the number is committed before anything is
// printed, so a printer problem never costs the citizen their place; the ticket prints exactly
// once, now or when the printer recovers.
import type { QueueTicket } from '../../shared/contract/tickets';
import type { LocalizedText } from '../../shared/contract/text';
import { KioskError, isKioskError } from '../../shared/errors';
import type { Printer } from '../../../hardware/printer/printer';
import type { KioskConfig } from '../config/schema';
import { getLogger } from '../log';
import { printQueueTicket } from './print';
import { PRINT_WAIT_MS, printedOrStalled } from './print-wait';
import { joinText, printerCitizenText } from './print-notes';
import type { QueueNumbers } from './queue-numbers';
import { serviceNameText, untranslatedWarning } from './service-names';

const log = getLogger('tickets');

const REMEMBER_NUMBER: LocalizedText = { vi: 'Xin ông/bà ghi nhớ số thứ tự trên màn hình.', en: 'Please note the queue number on the screen.' };

export class TicketService {
  constructor(
    private readonly config: KioskConfig,
    private readonly numbers: () => QueueNumbers,
    private readonly printer: () => Printer | undefined,
    /** Longest wait for the printer's confirmation; a blocking alarm ends it sooner. */
    private readonly printWaitMs = PRINT_WAIT_MS,
  ) {
    const warning = untranslatedWarning(config.queue.services);
    if (warning) log.warn(warning);
  }

  services(): Array<{ code: string; name: LocalizedText }> {
    return this.config.queue.services.map((s) => ({ code: s.code, name: serviceNameText(s.name) }));
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
    const name = serviceNameText(service.name);
    const ticket: QueueTicket = {
      serviceCode: service.code,
      serviceName: name,
      number: issued.number,
      waitingAhead: issued.waitingAhead,
      issuedAt: issued.issuedAt,
      print: 'no-printer',
      printMessage: REMEMBER_NUMBER,
    };
    const printer = this.printer();
    if (!printer) return ticket;
    try {
      const { jobId } = await printQueueTicket(printer, {
        centreName: this.config.centre.name,
        serviceCode: service.code,
        // The paper is official: Vietnamese, whatever the screen's language.
        serviceName: name.vi,
        number: issued.number,
        issuedAt: issued.issuedAt,
        waitingAhead: issued.waitingAhead,
      });
      const outcome = await printedOrStalled(printer, jobId, this.printWaitMs);
      if (outcome.printed) {
        log.info({ service: service.code, number: issued.number }, 'queue ticket printed');
        return { ...ticket, print: 'printed', printMessage: undefined };
      }
      // Paper out, cover open, printer offline: the job stays queued and prints once on recovery.
      log.warn({ service: service.code, number: issued.number, alarm: outcome.alarm?.code ?? null }, 'queue ticket not printed yet');
      return { ...ticket, print: 'pending', printMessage: joinText(printerCitizenText(outcome.alarm), REMEMBER_NUMBER) };
    } catch (error) {
      // The job could not even be queued (printer closed mid-send): the number stands, the citizen keeps it.
      log.warn({ service: service.code, number: issued.number, code: isKioskError(error) ? error.code : 'unknown' }, 'queue ticket not printed');
      return { ...ticket, print: 'pending', printMessage: joinText(printerCitizenText(printer.alarms()[0]), REMEMBER_NUMBER) };
    }
  }
}
