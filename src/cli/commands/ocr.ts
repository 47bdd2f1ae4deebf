// Runs in: Node (CLI). `kiosk ocr mrz FILE` and `kiosk ocr id-front FILE`: the OCR the kiosk runs
// when the chip cannot be read, on an image file, for technicians and calibration.
import path from 'node:path';
import { readIdFront, readMrz, OcrPool } from '../../core/ocr';
import { KioskError } from '../../shared/errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const usage = `kiosk ocr mrz FILE [--json]
kiosk ocr id-front FILE [--json]
  mrz        read the machine-readable zone (CCCD back TD1, passport TD3); every check digit must pass
  id-front   read the printed front of a CCCD (Vietnamese): ID number, name, DOB, sex, nationality,
             place of origin, residence, expiry, each with a confidence
  --json     one JSON object on stdout`;

export const command: CliCommand = {
  name: 'ocr',
  summary: 'read an ID card MRZ or card front from an image file (offline OCR)',
  usage,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { json: false });
    const [sub, file] = positionals;
    if ((sub !== 'mrz' && sub !== 'id-front') || !file || positionals.length > 2) {
      throw new KioskError({ code: 'cli.usage', technicianMessage: usage });
    }
    const name = path.basename(file);
    if (sub === 'mrz') {
      const r = await readMrz(file, { name });
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ file, format: r.format, lines: r.lines, valid: r.fields.valid, fields: { ...r.fields, lines: undefined }, bacKey: r.bacKey, cccdId: r.cccdId ?? null, repairs: r.repairs, minCharScore: Number(r.minCharScore.toFixed(3)) })}\n`,
        );
      } else {
        process.stdout.write(`${r.lines.join('\n')}\n`);
        process.stdout.write(`format ${r.format}, all check digits valid; document ${r.fields.documentNumber}, born ${r.fields.dateOfBirth}, expires ${r.fields.dateOfExpiry}\n`);
        if (r.cccdId) process.stdout.write(`CCCD number ${r.cccdId}\n`);
        for (const x of r.repairs) process.stdout.write(`repaired line ${x.line + 1} position ${x.position + 1}: ${x.read} -> ${x.corrected}\n`);
      }
      return 0;
    }
    const pool = new OcrPool({ langs: ['vie'], size: 1 });
    try {
      const r = await readIdFront(file, pool, { name });
      if (flags.json) process.stdout.write(`${JSON.stringify({ file, ...r })}\n`);
      else {
        for (const [k, f] of Object.entries(r.fields)) process.stdout.write(`${k.padEnd(17)} ${f.value}  (${Math.round(f.confidence * 100)}%)\n`);
        for (const w of r.warnings) process.stdout.write(`warning: ${w}\n`);
      }
      return 0;
    } finally {
      await pool.terminate();
    }
  },
};
