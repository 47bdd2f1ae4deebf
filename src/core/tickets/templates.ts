// Runs in: Node (engine). Ticket templates are data (resources/templates/*.json) that staff can
// edit: texts, order, sizes, a logo. This module validates a template, fills its {{placeholders}}
// and yields a printer-independent PrintDocument.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KioskError } from '../../shared/errors';
import type { Block, PrintDocument } from '../../../hardware/printer/document';
import { renderImageBitmap } from '../../../hardware/printer/text-raster';

export const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/templates');

const align = z.enum(['left', 'center', 'right']);
const blockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(2000), size: z.enum(['small', 'normal', 'large', 'huge']).optional(), bold: z.boolean().optional(), align: align.optional(), optional: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('qr'), data: z.string().min(1).max(4000), ecLevel: z.enum(['L', 'M', 'Q', 'H']).optional(), moduleSize: z.number().int().min(1).max(16).optional(), align: align.optional() }).strict(),
  z.object({ type: z.literal('barcode'), symbology: z.enum(['CODE128', 'CODE39', 'EAN13', 'ITF']), data: z.string().min(1).max(255), height: z.number().int().min(1).max(255).optional(), align: align.optional() }).strict(),
  z.object({ type: z.literal('rule'), dashed: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('grid'), heightDots: z.number().int().min(8).max(2000), stepDots: z.number().int().min(4).max(256).optional() }).strict(),
  z.object({ type: z.literal('darkness'), heightDots: z.number().int().min(8).max(2000), steps: z.number().int().min(2).max(16).optional() }).strict(),
  z.object({ type: z.literal('feed'), dots: z.number().int().min(0).max(255) }).strict(),
  z.object({ type: z.literal('logo'), file: z.string().regex(/^[A-Za-z0-9._-]+\.(png|jpe?g|svg)$/), widthDots: z.number().int().min(8).max(576).optional(), align: align.optional() }).strict(),
]);

export const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]{1,64}$/),
    description: z.string().max(500).optional(),
    blocks: z.array(blockSchema).min(1).max(200),
    cut: z.boolean().optional(),
  })
  .strict();

export type TicketTemplate = z.infer<typeof templateSchema>;
export type TemplateValues = Record<string, string | number>;

const badTemplate = (name: string, field: string, why: string) =>
  new KioskError({
    code: 'template.invalid',
    technicianMessage: `template ${name}: field "${field}": ${why}`,
    citizenMessage: 'Mẫu phiếu in bị lỗi. Xin vui lòng báo cán bộ.',
  });

/** Validates parsed JSON; the error names the offending field path (e.g. blocks.3.size). */
export function parseTemplate(json: unknown, source = 'template'): TicketTemplate {
  const r = templateSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw badTemplate(source, issue.path.join('.') || '(root)', issue.message);
  }
  return r.data;
}

export function loadTemplate(name: string, dir = TEMPLATE_DIR): TicketTemplate {
  if (!/^[a-z0-9-]{1,64}$/.test(name)) throw badTemplate(name, 'name', 'invalid template name');
  const file = path.join(dir, `${name}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw badTemplate(name, '(file)', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw badTemplate(name, '(file)', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseTemplate(json, name);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Fills placeholders; a placeholder with no value is an error naming it (or `null` if optional). */
export function fill(text: string, values: TemplateValues, where: string, optional = false): string | null {
  let missing: string | null = null;
  const out = text.replace(PLACEHOLDER, (_m, key: string) => {
    const v = values[key];
    if (v === undefined || v === '') {
      missing ??= key;
      return '';
    }
    return String(v);
  });
  if (missing !== null) {
    if (optional) return null;
    throw badTemplate(where, missing, 'no value supplied for this placeholder');
  }
  return out;
}

export async function renderTemplate(tpl: TicketTemplate, values: TemplateValues, opts: { widthDots: number; dir?: string }): Promise<PrintDocument> {
  const blocks: Block[] = [];
  for (const [i, b] of tpl.blocks.entries()) {
    const where = `${tpl.name} blocks.${i}`;
    switch (b.type) {
      case 'text': {
        const text = fill(b.text, values, where, b.optional ?? false);
        if (text === null) continue;
        blocks.push({ type: 'text', text, ...(b.size ? { size: b.size } : {}), ...(b.bold !== undefined ? { bold: b.bold } : {}), ...(b.align ? { align: b.align } : {}) });
        break;
      }
      case 'qr':
        blocks.push({ type: 'qr', data: fill(b.data, values, where)!, ...(b.ecLevel ? { ecLevel: b.ecLevel } : {}), ...(b.moduleSize ? { moduleSize: b.moduleSize } : {}), ...(b.align ? { align: b.align } : {}) });
        break;
      case 'barcode':
        blocks.push({ type: 'barcode', symbology: b.symbology, data: fill(b.data, values, where)!, ...(b.height ? { height: b.height } : {}), ...(b.align ? { align: b.align } : {}) });
        break;
      case 'logo': {
        const bitmap = await renderImageBitmap(path.join(opts.dir ?? TEMPLATE_DIR, b.file), Math.min(b.widthDots ?? opts.widthDots, opts.widthDots));
        blocks.push({ type: 'image', bitmap, align: b.align ?? 'center' });
        break;
      }
      default:
        blocks.push(b);
    }
  }
  return { blocks, ...(tpl.cut !== undefined ? { cut: tpl.cut } : {}) };
}
