// Runs in: every process. Queue-number tickets. Service names and notes come in both of the
// kiosk's languages (the screen picks one); the printed ticket is Vietnamese.
import { z } from 'zod';
import { requestChannel } from './channel';
import { localizedTextSchema } from './text';

export const queueServiceSchema = z.object({ code: z.string(), name: localizedTextSchema });

export const queueTicketSchema = z.object({
  serviceCode: z.string(),
  serviceName: localizedTextSchema,
  number: z.number().int().positive(),
  /** People with a number for this service today who have not been served yet. */
  waitingAhead: z.number().int().nonnegative(),
  issuedAt: z.string(),
  /**
   * printed: the printer confirmed the ticket; pending: queued in the printer (paper out, cover
   * open) and prints once it recovers; no-printer: none configured — the number is on screen only.
   */
  print: z.enum(['printed', 'pending', 'no-printer']),
  /** When print is not 'printed': what to tell the citizen. */
  printMessage: localizedTextSchema.optional(),
});
export type QueueTicket = z.infer<typeof queueTicketSchema>;

export const ticketRequests = {
  'simulation.lastTicket': requestChannel(
    z.object({}).strict(),
    z.object({ image: z.string().startsWith('data:image/png;base64,').nullable() }),
    'Simulation mode only: the newest ticket the virtual printer rendered, to show on screen',
  ),
  'tickets.services': requestChannel(z.object({}).strict(), z.array(queueServiceSchema), 'Services a citizen can take a queue number for'),
  'tickets.take': requestChannel(
    z.object({ serviceCode: z.string().min(1).max(16) }).strict(),
    queueTicketSchema,
    'Issue the next queue number for a service and print its ticket',
  ),
};
