// Runs in: every process. What the QR/barcode scanner read, already classified by the engine.
import { z } from 'zod';
import { eventChannel } from './channel';

export const scanEvents = {
  'scan.cccd': eventChannel(
    z.object({ idNumber: z.string().regex(/^\d{12}$/) }),
    'The QR on the front of a CCCD was scanned: its ID opens the chip (CAN = last 6 digits)',
  ),
  'scan.receipt': eventChannel(
    z.object({ dossierCode: z.string(), procedureCode: z.string() }),
    'A dossier receipt QR was scanned: look up its progress',
  ),
  'scan.unknown': eventChannel(z.object({ message: z.string() }), 'A code that is neither a CCCD nor one of our receipts'),
};
