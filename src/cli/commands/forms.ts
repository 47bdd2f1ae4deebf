// Runs in: Node (CLI). `kiosk forms list|check|fill`: the procedure catalogue from a terminal.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../shared/errors';
import { appointmentDate, autofill, identityFromCccdQr, catalogueProblems, createDraft, loadCatalogue, loadHolidays, renderDeclarationPdf, resolveTarget, searchProcedures, toUpstream, validateDraft, memberViews, DEFAULT_FORMS_DIR } from '../../core/forms';
import type { Draft, FieldValue, IdentityForForms } from '../../core/forms';
import { applyAnswers } from '../../core/forms/draft';
import { formatDateVN } from '../../core/validation/date';
import { loadAdminUnits } from '../../core/validation/load-admin-units';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new KioskError({ code: 'cli.bad-input-file', technicianMessage: `cannot read ${what} JSON from ${file}`, cause });
  }
}

function list(dir: string, query?: string): number {
  const catalogue = loadCatalogue(dir);
  const rows = query
    ? searchProcedures(catalogue, query).map((h) => [h.id, h.kind, h.nationalCode ?? '-', h.name.vi])
    : [
        ...[...catalogue.procedures.values()].map((p) => [p.id, 'procedure', p.codes.national ?? '-', p.name.vi]),
        ...[...catalogue.groups.values()].map((g) => [g.id, 'group', g.codes.national ?? '-', g.name.vi]),
      ];
  for (const r of rows) console.log(r.join('\t'));
  for (const d of catalogue.disabled) console.log(`${d.id ?? d.file}\tDISABLED\t-\t${d.problems[0]?.reason ?? ''}`);
  return 0;
}

function check(dir: string): number {
  const catalogue = loadCatalogue(dir);
  const problems = catalogueProblems(catalogue);
  for (const p of problems) console.log(`${path.join(dir, p.file)} ${p.path || '(file)'}: ${p.reason}`);
  console.log(`${catalogue.procedures.size} procedures, ${catalogue.groups.size} groups valid; ${catalogue.disabled.length} file(s) with problems`);
  return problems.length === 0 ? 0 : 1;
}

async function fill(dir: string, id: string, flags: Record<string, string | boolean>): Promise<number> {
  const catalogue = loadCatalogue(dir);
  const adminUnits = loadAdminUnits();
  let draft: Draft = createDraft(catalogue, id);
  const identity =
    typeof flags.identity === 'string'
      ? (readJson(flags.identity, 'identity') as IdentityForForms)
      : typeof flags.qr === 'string'
        ? identityFromCccdQr(flags.qr)
        : undefined;
  if (typeof flags.answers === 'string') {
    const answers = readJson(flags.answers, 'answers') as Record<string, FieldValue>;
    // Row paths (`members[1].fullName`) add the rows they need.
    draft = applyAnswers(catalogue, draft, answers);
  }
  draft = autofill(catalogue, draft, { ...(identity ? { identity } : {}), adminUnits });
  const result = validateDraft(catalogue, draft, { adminUnits });
  for (const i of result.issues) console.log(`${i.severity}\t${i.path}\t${i.code}\t${i.en}`);
  const target = resolveTarget(catalogue, id)!;
  const due = appointmentDate(new Date(), target.kind === 'procedure' ? target.procedure.processingTime : target.group.processingTime, loadHolidays());
  console.log(`appointment date: ${formatDateVN(due)}`);
  if (flags.upstream) console.log(JSON.stringify(toUpstream(catalogue, draft, adminUnits), null, 2));
  if (typeof flags.pdf === 'string') {
    const views = memberViews(target);
    for (const view of views) {
      const bytes = await renderDeclarationPdf(catalogue, draft, view.procedure.id, { adminUnits });
      const out = views.length === 1 ? flags.pdf : flags.pdf.replace(/(\.pdf)?$/iu, `-${view.procedure.id}.pdf`);
      writeFileSync(out, bytes);
      console.log(`wrote ${out}`);
    }
  }
  return result.ok ? 0 : 2;
}

export const command: CliCommand = {
  name: 'forms',
  summary: 'procedure catalogue: list/search, check files, fill a declaration from an identity',
  usage: `kiosk forms list [QUERY] [--dir DIR]
kiosk forms check [DIR]
kiosk forms fill ID [--identity FILE | --qr TEXT] [--answers FILE] [--pdf OUT] [--upstream] [--dir DIR]
  list      every procedure and group (or those matching QUERY, diacritics ignored)
  check     validate every file; prints "file path: reason"; exit 1 on any problem
  fill      create a draft, apply answers (JSON {"section.field": value}), auto-fill from an
            identity (JSON IdentityForForms, or the CCCD front-QR text), validate, print issues and the appointment date,
            and write each member's declaration PDF (OUT-<procedure>.pdf for groups)`,
  async run(args) {
    const [sub, ...rest] = args;
    const { flags, positionals } = parseArgs(rest, { dir: true, identity: true, qr: true, answers: true, pdf: true, upstream: false });
    const dir = typeof flags.dir === 'string' ? flags.dir : DEFAULT_FORMS_DIR;
    switch (sub) {
      case 'list':
        return list(dir, positionals.join(' ') || undefined);
      case 'check':
        return check(positionals[0] ?? dir);
      case 'fill':
        if (!positionals[0]) throw new KioskError({ code: 'cli.missing-argument', technicianMessage: 'forms fill needs a procedure or group id' });
        return fill(dir, positionals[0], flags);
      default:
        throw new KioskError({ code: 'cli.unknown-subcommand', technicianMessage: `unknown forms subcommand "${sub ?? ''}"; use list, check or fill` });
    }
  },
};
