// Runs in: every process. Device status calls and events.
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';
import { deviceStatusSchema } from './devices';

export const deviceRequests = {
  'devices.list': requestChannel(z.object({}).strict(), z.array(deviceStatusSchema), 'Status of every configured device'),
};

export const deviceEvents = {
  'device.status': eventChannel(deviceStatusSchema, 'A device changed state (plugged, unplugged, paper out, error)'),
};
