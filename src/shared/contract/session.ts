// Runs in: every process. The citizen session: begins on the first touch or card, ends on
// finish, timeout or card removal — and then every personal datum is dropped.
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';

export const sessionEndReasonSchema = z.enum(['finished', 'timeout', 'card-removed', 'staff', 'cancelled']);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const sessionRequests = {
  'session.end': requestChannel(
    z.object({ reason: sessionEndReasonSchema }).strict(),
    z.object({ cleared: z.boolean() }),
    'End the citizen session and wipe its personal data from the engine',
  ),
};

export const sessionEvents = {
  'session.ended': eventChannel(z.object({ reason: sessionEndReasonSchema }), 'The session ended: the UI must clear every personal datum'),
};
