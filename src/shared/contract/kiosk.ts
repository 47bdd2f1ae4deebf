// Runs in: every process. Calls about the kiosk itself.
import { z } from 'zod';
import { requestChannel } from './channel';

export const kioskInfoSchema = z.object({
  kioskId: z.string(),
  centreName: z.string(),
  unitCode: z.string(),
  language: z.enum(['vi', 'en']),
  version: z.string(),
  /** True when at least one device is a simulator: the UI shows a discreet "DEMO" tag. */
  simulated: z.boolean(),
});
export type KioskInfo = z.infer<typeof kioskInfoSchema>;

export const kioskRequests = {
  'kiosk.info': requestChannel(z.object({}).strict(), kioskInfoSchema, 'Kiosk identity, centre and language for the attract screen'),
};
