// Runs in: Node (CLI). `kiosk card read`: reads a chip ID card / passport through PC/SC and prints
// the identity, verification statuses and timings to the terminal. Personal data goes to stdout
// only, never to the log.
import path from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readDocument, type RawDocumentRead, type ReadKey } from '../../../hardware/card-reader/reader';
import { createPcscCardReader } from '../../../hardware/card-reader/transport/pcsc';
import { parseDg1 } from '../../../hardware/card-reader/lds/dg1';
import { parseDg13 } from '../../../hardware/card-reader/lds/dg13';
import { parseDg2 } from '../../../hardware/card-reader/lds/dg2';
import { parseMrz, cccdIdFromMrz, cccdDocumentNumber } from '../../../hardware/card-reader/lds/mrz';
import { verifyPassive } from '../../../hardware/card-reader/pa/passive';
import { loadTrustStore } from '../../../hardware/card-reader/pa/trust-store';
import { KioskError, isKioskError } from '../../shared/errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function badKey(msg: string): KioskError {
  return new KioskError({ code: 'cli.card-key', technicianMessage: msg });
}

/** --can N | --mrz DOCNO,YYMMDD,YYMMDD | --mrz "FULL MRZ" | --doc N --dob YYMMDD --expiry YYMMDD */
export function keyFromFlags(flags: Record<string, string | boolean>): ReadKey {
  const str = (k: string): string | undefined => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const can = str('can');
  const mrz = str('mrz');
  if (can !== undefined) {
    if (!/^\d{6}$/.test(can)) throw badKey('--can takes the 6-digit card access number');
    return { can };
  }
  if (mrz !== undefined) {
    const parts = mrz.split(',');
    if (parts.length === 3) {
      const [documentNumber, dateOfBirth, dateOfExpiry] = parts as [string, string, string];
      // A 12-digit CCCD number: BAC uses its last nine digits.
      const doc = /^\d{12}$/.test(documentNumber) ? cccdDocumentNumber(documentNumber) : documentNumber;
      return { mrz: { documentNumber: doc, dateOfBirth, dateOfExpiry } };
    }
    const fields = parseMrz(mrz);
    const id = cccdIdFromMrz(fields);
    return { mrz: { documentNumber: id ? cccdDocumentNumber(id) : fields.documentNumber, dateOfBirth: fields.dateOfBirth, dateOfExpiry: fields.dateOfExpiry } };
  }
  const doc = str('doc');
  const dob = str('dob');
  const expiry = str('expiry');
  if (doc && dob && expiry) return { mrz: { documentNumber: /^\d{12}$/.test(doc) ? cccdDocumentNumber(doc) : doc, dateOfBirth: dob, dateOfExpiry: expiry } };
  throw badKey('give --can, --mrz, or --doc/--dob/--expiry');
}

function describeError(e: unknown): string {
  return isKioskError(e) ? `${e.code}: ${e.technicianMessage}` : String(e);
}

export function summarise(read: RawDocumentRead, trustDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    access: read.access,
    timingsMs: {
      access: Math.round(read.timings.accessMs),
      identity: read.timings.identityMs !== undefined ? Math.round(read.timings.identityMs) : null,
      total: Math.round(read.timings.totalMs),
      perFile: Object.fromEntries(Object.entries(read.timings.perFileMs).map(([k, v]) => [k, Math.round(v)])),
    },
    apdus: read.stats.apdus,
    bytesReceived: read.stats.bytesReceived,
    dataGroups: [...read.dataGroups.keys()].sort((a, b) => a - b),
    skipped: read.skipped,
    activeAuthentication: read.activeAuthentication ?? 'not performed (no DG15)',
    chipAuthentication: read.chipAuthentication ?? 'not performed (no DG14)',
  };
  const dg1 = read.dataGroups.get(1);
  if (dg1) {
    try {
      const { mrz } = parseDg1(dg1);
      out.dg1 = { documentCode: mrz.documentCode, issuingState: mrz.issuingState, documentNumber: mrz.documentNumber, surname: mrz.surname, givenNames: mrz.givenNames, nationality: mrz.nationality, dateOfBirth: mrz.dateOfBirth, sex: mrz.sex, dateOfExpiry: mrz.dateOfExpiry, idNumber: cccdIdFromMrz(mrz) ?? null, checkDigitsValid: mrz.valid };
    } catch (e) {
      out.dg1 = { error: describeError(e) };
    }
  }
  const dg13 = read.dataGroups.get(13);
  if (dg13) {
    try {
      const { fields: _raw, ...named } = parseDg13(dg13);
      void _raw;
      out.dg13 = named;
    } catch (e) {
      out.dg13 = { error: describeError(e) };
    }
  }
  try {
    const trustStore = existsSync(trustDir) ? loadTrustStore(trustDir, { includeTestAnchors: process.env.KIOSK_TEST_CSCA === '1' }) : { anchors: [], rejected: [] };
    const pa = verifyPassive({ sod: read.sod, dataGroups: read.dataGroups, trustStore });
    out.passiveAuthentication = { status: pa.status, verifiedDataGroups: pa.verifiedDataGroups, failedDataGroups: pa.failedDataGroups, reasons: pa.reasons };
  } catch (e) {
    out.passiveAuthentication = { status: 'failed', error: describeError(e) };
  }
  return out;
}

function printHuman(summary: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(summary)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      console.log(`${k}:`);
      for (const [kk, vv] of Object.entries(v)) console.log(`  ${kk}: ${typeof vv === 'object' ? JSON.stringify(vv) : String(vv)}`);
    } else console.log(`${k}: ${Array.isArray(v) ? JSON.stringify(v) : String(v)}`);
  }
}

export const command: CliCommand = {
  name: 'card',
  summary: 'read a chip ID card (CCCD) or passport through PC/SC: identity, verification, timings',
  usage: `kiosk card read [--reader NAME] (--can N | --mrz DOCNO,YYMMDD,YYMMDD | --mrz "FULL MRZ" | --doc N --dob YYMMDD --expiry YYMMDD) [options]
  --can N          PACE card access number (CCCD: last 6 digits of the 12-digit ID)
  --mrz ...        MRZ key: "DOCNO,BIRTH,EXPIRY" (a 12-digit CCCD number is cut to its last 9), or the full MRZ text
  --doc/--dob/--expiry  the same MRZ key as separate options
  --reader NAME    PC/SC reader (exact name or substring); default the first one
  --max-read N     largest READ BINARY length to try (default 223; 65536 = extended length)
  --bac            skip PACE even when the card offers it
  --trust DIR      CSCA trust store (default resources/csca)
  --wait S         seconds to wait for a card (default 20)
  --face FILE      write the DG2 face image (as stored: JPEG or JPEG 2000) to FILE
  --json           print JSON
Personal data is printed to this terminal only; nothing is logged.`,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { can: true, mrz: true, doc: true, dob: true, expiry: true, reader: true, 'max-read': true, bac: false, trust: true, wait: true, face: true, json: false, help: false });
    if (flags.help || positionals[0] !== 'read') {
      console.log(this.usage);
      return flags.help ? 0 : 2;
    }
    const key = keyFromFlags(flags);
    const maxRead = typeof flags['max-read'] === 'string' ? Number(flags['max-read']) : undefined;
    if (maxRead !== undefined && (!Number.isInteger(maxRead) || maxRead < 1 || maxRead > 65536)) throw badKey('--max-read takes 1..65536');
    const reader = createPcscCardReader(typeof flags.reader === 'string' ? { readerName: flags.reader } : {});
    await reader.start();
    try {
      await reader.waitForCard(1000 * Number(typeof flags.wait === 'string' ? flags.wait : 20));
      const read = await reader.withCard((ch) => readDocument(ch, key, { ...(maxRead !== undefined ? { maxReadLength: maxRead } : {}), forceBac: flags.bac === true }));
      const summary = summarise(read, typeof flags.trust === 'string' ? flags.trust : path.join(root, 'resources/csca'));
      const dg2 = read.dataGroups.get(2);
      if (typeof flags.face === 'string' && dg2) {
        try {
          const face = parseDg2(dg2).faces[0];
          if (face) {
            writeFileSync(flags.face, face.data, { mode: 0o600 });
            summary.face = { file: flags.face, format: face.format, width: face.width, height: face.height, bytes: face.data.length };
          }
        } catch (e) {
          summary.face = { error: describeError(e) };
        }
      }
      if (flags.json) console.log(JSON.stringify(summary, null, 2));
      else printHuman(summary);
      return 0;
    } catch (e) {
      if (isKioskError(e)) {
        console.error(`${e.code}: ${e.technicianMessage}\n${e.citizenMessage}`);
        return 1;
      }
      throw e;
    } finally {
      await reader.stop();
    }
  },
};
