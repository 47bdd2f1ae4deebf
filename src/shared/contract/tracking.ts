// Runs in: every process. Progress lookup of a dossier by the code on its receipt (scanned QR or
// typed): what the receipt already shows, nothing more. Names and statuses come in both of the
// kiosk's languages (the screen picks one, and follows a language switch by itself).
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';
import { localizedTextSchema } from './text';

export const dossierTimelineSchema = z.object({
  code: z.string(),
  procedureName: localizedTextSchema,
  /** dd/mm/yyyy HH:mm, Vietnam time. */
  receivedAt: z.string(),
  /** dd/mm/yyyy, or null when not promised. */
  appointmentDate: z.string().nullable(),
  status: z.number().int().min(1).max(10),
  statusText: localizedTextSchema,
  /** True once the provincial system holds the dossier. */
  delivered: z.boolean(),
  events: z.array(z.object({ status: z.number().int(), statusText: localizedTextSchema, at: z.string(), source: z.enum(['kiosk', 'upstream']) })),
});
export type DossierTimeline = z.infer<typeof dossierTimelineSchema>;

export const trackingRequests = {
  'dossier.lookup': requestChannel(
    z.object({ code: z.string().min(5).max(60) }).strict(),
    dossierTimelineSchema,
    "A dossier's status timeline by its receipt code, refreshed from the provincial system when online",
  ),
};

export const trackingEvents = {
  'dossier.status': eventChannel(
    z.object({ code: z.string(), status: z.number().int().min(1).max(10), statusText: localizedTextSchema }),
    "A dossier's status changed (pulled from the provincial system): an open progress screen for that code refreshes itself",
  ),
};
