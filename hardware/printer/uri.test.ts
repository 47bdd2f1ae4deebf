// Runs in: Node (vitest).
import { describe, expect, it } from 'vitest';
import { parsePrinterUri } from './uri';
import { KioskError } from '../../src/shared/errors';

describe('printer URIs', () => {
  it('parses the four schemes', () => {
    expect(parsePrinterUri('serial:/dev/ttyUSB0?baud=9600')).toEqual({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 });
    expect(parsePrinterUri('serial:/dev/ttyS0')).toEqual({ kind: 'serial', path: '/dev/ttyS0', baudRate: 115200 });
    expect(parsePrinterUri('usblp:/dev/usb/lp0')).toEqual({ kind: 'usblp', path: '/dev/usb/lp0' });
    expect(parsePrinterUri('tcp://192.168.1.50:9100')).toEqual({ kind: 'tcp', host: '192.168.1.50', port: 9100 });
    expect(parsePrinterUri('tcp://printer.local')).toEqual({ kind: 'tcp', host: 'printer.local', port: 9100 });
    expect(parsePrinterUri('cups:TM_T20')).toEqual({ kind: 'cups', queue: 'TM_T20' });
    expect(parsePrinterUri('cups:TM_T20?server=/run/cups/cups.sock')).toEqual({ kind: 'cups', queue: 'TM_T20', server: '/run/cups/cups.sock' });
  });

  it('rejects malformed URIs with printer.bad-uri', () => {
    for (const bad of ['', 'lpt1', 'serial:ttyUSB0', 'serial:/dev/ttyUSB0?baud=123', 'serial:/dev/x?parity=1', 'tcp://h:70000', 'tcp://', 'cups:a b', 'cups:../x', 'cups:q?server=a b', 'cups:q?x=1', 'usblp:lp0']) {
      try {
        parsePrinterUri(bad);
        expect.unreachable(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(KioskError);
        expect((e as KioskError).code).toBe('printer.bad-uri');
      }
    }
  });
});
