// Runs in: every process. Chip ID-card reader events (the read itself is added with the chip stack).
import { z } from 'zod';
import { eventChannel } from './channel';

export const cardEvents = {
  'card.inserted': eventChannel(z.object({ reader: z.string() }), 'A card was placed on the reader'),
  'card.removed': eventChannel(z.object({ reader: z.string() }), 'The card was taken off the reader'),
};
