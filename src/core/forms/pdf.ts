// Runs in: Node (engine). Renders one member procedure's official declaration from its layout in
// the procedure file. pdf-lib + fontkit with a Unicode TrueType font embedded WHOLE (subsetting
// corrupts Vietnamese glyphs in pdf-lib's fontkit fork) and all text NFC (pdf-lib ignores GPOS mark
// positioning, so decomposed marks would print misplaced). Text is drawn, not left in AcroForm
// fields, so there is nothing for a viewer to regenerate: the output is already "flattened".
import type Fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// pdf-lib and fontkit load on the first declaration: ~0.4 s of module loading that the kiosk's
// boot to the attract screen does not need.
import type { Color, PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { KioskError } from '../../shared/errors';
import type { AdminUnits } from '../validation/admin-units';
import { formatDateVN, todayInVietnam, type CivilDate } from '../validation/date';
import { memberValue, memberViews, rowCount, rowGetter, type Catalogue, type MemberView } from './catalogue';
import { evaluate } from './conditions';
import { targetOrThrow } from './draft';
import type { AddressValue, Draft, FieldValue } from './draft-types';
import type { Field } from './schema';
import { fillTemplate } from './template';

const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/fonts');
export const DEFAULT_FONT_FILES = { regular: path.join(FONT_DIR, 'DejaVuSans.ttf'), bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf') } as const;

export interface PdfFonts {
  regular: Uint8Array;
  /**
   * Optional: headings and signatures in bold. Each whole embedded font costs ~150 ms per
   * declaration (pdf-lib writes widths and a ToUnicode entry for every glyph), so the default is one
   * font, with headings set larger instead.
   */
  bold?: Uint8Array;
}

// fontkit parses tables lazily and keeps them on the font object; handing pdf-lib the same parsed
// font for the same bytes saves ~300 ms of re-parsing (GSUB/GPOS, glyf) on every declaration.
const parsedFonts = new WeakMap<Uint8Array, unknown>();
let cachingFontkit: typeof Fontkit | undefined;
async function fontkitWithCache(): Promise<typeof Fontkit> {
  if (cachingFontkit) return cachingFontkit;
  const fontkit = (await import('@pdf-lib/fontkit')).default;
  cachingFontkit = {
    ...fontkit,
    create(buffer: Uint8Array, postscriptName?: string) {
      if (postscriptName !== undefined) return fontkit.create(buffer, postscriptName);
      let font = parsedFonts.get(buffer);
      if (!font) {
        font = fontkit.create(buffer);
        parsedFonts.set(buffer, font);
      }
      return font;
    },
  } as typeof fontkit;
  return cachingFontkit;
}

let defaultFonts: PdfFonts | undefined;
export function loadDefaultFonts(): PdfFonts {
  if (!defaultFonts) {
    try {
      defaultFonts = { regular: readFileSync(DEFAULT_FONT_FILES.regular) };
    } catch (cause) {
      throw new KioskError({
        code: 'forms.font-missing',
        technicianMessage: `declaration font missing: ${DEFAULT_FONT_FILES.regular}`,
        citizenMessage: 'Máy chưa in được tờ khai. Xin nhờ cán bộ hỗ trợ.',
        cause,
      });
    }
  }
  return defaultFonts;
}

export interface RenderOptions {
  adminUnits?: AdminUnits;
  fonts?: PdfFonts;
  /** Print date for `{{today}}` (default: today in Vietnam). */
  today?: CivilDate;
}

function displayValue(field: Field | undefined, v: FieldValue | undefined, units?: AdminUnits): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    const a = v as AddressValue;
    return ((a.communeCode && units?.formatAddress(a.communeCode, a.detail ?? '')) || a.text || '').normalize('NFC');
  }
  if (field?.type === 'select') return field.options?.find((o) => o.value === v)?.label.vi ?? v;
  return v.normalize('NFC');
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Like wrap, but a word wider than the cell (a 12-digit ID in a narrow column) is cut by characters. */
function wrapCell(text: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  for (const line of wrap(text, font, size, width)) {
    if (font.widthOfTextAtSize(line, size) <= width) {
      out.push(line);
      continue;
    }
    let part = '';
    for (const ch of line) {
      if (part && font.widthOfTextAtSize(part + ch, size) > width) {
        out.push(part);
        part = ch;
      } else part += ch;
    }
    out.push(part);
  }
  return out;
}

export interface TableSpec {
  headers: string[];
  /** Relative column widths, one per header. */
  widths: number[];
  rows: string[][];
  /** Shown across the table when there are no rows. */
  empty: string;
}

class Flow {
  page: PDFPage;
  y: number;
  constructor(
    private readonly doc: PDFDocument,
    readonly margin: number,
    private readonly black: Color,
  ) {
    this.page = doc.addPage([595.28, 841.89]);
    this.y = this.page.getHeight() - margin;
  }
  get width(): number {
    return this.page.getWidth() - 2 * this.margin;
  }
  ensure(height: number): void {
    if (this.y - height < this.margin) this.newPage();
  }
  newPage(): void {
    this.page = this.doc.addPage([595.28, 841.89]);
    this.y = this.page.getHeight() - this.margin;
  }
  /**
   * A ruled table with a numbered first column ("TT", as on the official forms). A row never splits
   * across pages; the header is repeated on the next page.
   */
  table(spec: TableSpec, font: PDFFont, headFont: PDFFont, size: number): void {
    const pad = 3;
    const lh = size * 1.3;
    const numberWidth = size * 2.6;
    const total = spec.widths.reduce((a, b) => a + b, 0);
    const widths = [numberWidth, ...spec.widths.map((w) => ((this.width - numberWidth) * w) / total)];
    const border = { borderColor: this.black, borderWidth: 0.6 };
    const draw = (cells: string[], f: PDFFont, center: (col: number) => boolean, spans = false) => {
      const cols = spans ? [this.width] : widths;
      const lines = cells.map((c, i) => wrapCell(c, f, size, cols[i]! - 2 * pad));
      const height = Math.max(...lines.map((l) => l.length)) * lh + 2 * pad;
      let x = this.margin;
      cols.forEach((w, i) => {
        this.page.drawRectangle({ x, y: this.y - height, width: w, height, ...border });
        lines[i]!.forEach((line, li) => {
          const tw = f.widthOfTextAtSize(line, size);
          const tx = center(i) ? x + (w - tw) / 2 : x + pad;
          this.page.drawText(line, { x: tx, y: this.y - pad - size - li * lh, size, font: f, color: this.black });
        });
        x += w;
      });
      this.y -= height;
    };
    const heightOf = (cells: string[], f: PDFFont) => Math.max(...cells.map((c, i) => wrapCell(c, f, size, widths[i]! - 2 * pad).length)) * lh + 2 * pad;
    const header = ['TT', ...spec.headers];
    const drawHeader = () => draw(header, headFont, () => true);
    this.ensure(heightOf(header, headFont) + lh * 2 + 2 * pad);
    this.y -= 2;
    drawHeader();
    if (spec.rows.length === 0) {
      draw([spec.empty], font, () => true, true);
      return;
    }
    spec.rows.forEach((cells, i) => {
      const row = [String(i + 1), ...cells];
      const h = heightOf(row, font);
      if (this.y - h < this.margin) {
        this.newPage();
        drawHeader();
      }
      draw(row, font, (col) => col === 0);
    });
    this.y -= 2;
  }

  text(lines: string[], font: PDFFont, size: number, align: 'left' | 'center' = 'left', x0 = this.margin, width = this.width): void {
    for (const line of lines) {
      const lh = size * 1.35;
      this.ensure(lh);
      this.y -= lh;
      const w = font.widthOfTextAtSize(line, size);
      const x = align === 'center' ? x0 + (width - w) / 2 : x0;
      this.page.drawText(line, { x, y: this.y, size, font, color: this.black });
    }
  }
}

function memberView(catalogue: Catalogue, draft: Draft, procedureId: string): MemberView {
  const target = targetOrThrow(catalogue, draft.targetId);
  const view = memberViews(target).find((v) => v.procedure.id === procedureId);
  if (!view) {
    throw new KioskError({
      code: 'forms.not-a-member',
      technicianMessage: `"${procedureId}" is not part of draft target "${draft.targetId}"`,
      citizenMessage: 'Có lỗi khi in tờ khai. Xin nhờ cán bộ hỗ trợ.',
    });
  }
  return view;
}

/** Renders the declaration of `procedureId` (the draft's own procedure, or one member of its group). */
export async function renderDeclarationPdf(catalogue: Catalogue, draft: Draft, procedureId: string = draft.targetId, options: RenderOptions = {}): Promise<Uint8Array> {
  const view = memberView(catalogue, draft, procedureId);
  const p = view.procedure;
  const layout = p.declaration;
  const fields = new Map<string, Field>(p.sections.flatMap((s) => s.fields.map((f) => [`${s.id}.${f.id}`, f] as [string, Field])));
  const get = (memberPath: string) => memberValue(view, draft.values, memberPath);
  const today = formatDateVN(options.today ?? todayInVietnam());
  const lookup = (ref: string) => (ref === 'today' ? today : displayValue(fields.get(ref), get(ref), options.adminUnits));
  const fill = (t: string) => fillTemplate(t, lookup).normalize('NFC');

  const fonts = options.fonts ?? loadDefaultFonts();
  const { PDFDocument, rgb } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  doc.registerFontkit(await fontkitWithCache());
  // pdf-lib compresses the embedded font with pako (pure JS), which costs ~300 ms per whole font;
  // Node's native zlib at level 1 does the same job in a few ms. Same Flate stream, same PDF.
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents, { level: 1 }), { ...dict, Filter: 'FlateDecode' });
  const regular = await doc.embedFont(fonts.regular, { subset: false });
  const bold = fonts.bold ? await doc.embedFont(fonts.bold, { subset: false }) : regular;
  doc.setTitle(layout.title.normalize('NFC'));
  doc.setLanguage('vi-VN');
  doc.setProducer('Motcua Kiosk');
  doc.setCreationDate(new Date(0));
  doc.setModificationDate(new Date(0));

  const size = layout.fontSize;
  const flow = new Flow(doc, 56, rgb(0, 0, 0));
  // The official form reference sits top right, as on the printed templates.
  flow.text(wrap(layout.form.ref.normalize('NFC'), regular, size - 2, flow.width / 2), regular, size - 2, 'left', flow.margin + flow.width / 2, flow.width / 2);
  for (const block of layout.blocks) {
    if ('when' in block && block.when && !evaluate(block.when, get)) continue;
    switch (block.kind) {
      case 'heading': {
        const s = block.size ?? size + 2;
        flow.text(wrap(fill(block.text), bold, s, flow.width), bold, s, block.align);
        break;
      }
      case 'paragraph':
        flow.text(wrap(fill(block.text), regular, size, flow.width), regular, size);
        break;
      case 'line': {
        const value = fill(block.value).trim();
        // An empty value prints a dotted leader, to be completed by hand.
        const text = `${block.label.normalize('NFC')}: ${value || '…'.repeat(20)}`;
        flow.text(wrap(text, regular, size, flow.width), regular, size);
        break;
      }
      case 'table': {
        if (block.title) flow.text(wrap(fill(block.title), regular, size, flow.width), regular, size);
        const section = p.sections.find((x) => x.id === block.rows)!;
        const count = view.noRows.has(section.id) ? 0 : Math.min(rowCount(draft.rows, section.id), section.repeat?.max ?? 0);
        const rows: string[][] = [];
        for (let row = 0; row < count; row++) {
          const getRow = rowGetter(view, draft.values, section.id, row);
          const lookupRow = (ref: string) => (ref === 'today' ? today : displayValue(fields.get(ref), getRow(ref), options.adminUnits));
          rows.push(block.columns.map((c) => fillTemplate(c.value, lookupRow).normalize('NFC').trim()));
        }
        flow.table(
          { headers: block.columns.map((c) => c.header.normalize('NFC')), widths: block.columns.map((c) => c.width), rows, empty: block.empty.normalize('NFC') },
          regular,
          bold,
          size - 1,
        );
        break;
      }
      case 'spacer':
        flow.ensure(block.height);
        flow.y -= block.height;
        break;
      case 'signature': {
        flow.ensure(size * 8);
        const half = flow.width / 2;
        const top = flow.y;
        if (block.left) {
          flow.text(wrap(fill(block.left), bold, size, half), bold, size, 'center', flow.margin, half);
        }
        flow.y = top;
        flow.text(wrap(fill(block.right), bold, size, half), bold, size, 'center', flow.margin + half, half);
        flow.text(['(Ký, ghi rõ họ tên)'], regular, size - 1, 'center', flow.margin + half, half);
        flow.y -= size * 4;
        if (block.name) flow.text([fill(block.name)], bold, size, 'center', flow.margin + half, half);
        break;
      }
    }
  }
  return doc.save({ useObjectStreams: false });
}
