// Runs in: Node (vitest helper). Finds every KioskError the engine, hardware drivers and host can
// raise with a citizen message, by reading the sources with the TypeScript parser — so a new
// citizen-facing error is found wherever and however it is written, and the catalogue test fails
// until it has a translation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface CitizenErrorSite {
  code: string;
  /** The Vietnamese text, with `${expr}` parts written as `{}`; null when it is not resolvable. */
  text: string | null;
  where: string;
}

/** Folders whose errors never reach a citizen's screen (the command line prints them to a technician). */
const NOT_CITIZEN_FACING = new Set(['cli']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return NOT_CITIZEN_FACING.has(name) || name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.(test|spec)\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every string an expression can evaluate to (both arms of a `?:`, file-level consts), or null. */
function strings(expr: ts.Expression, consts: Map<string, ts.Expression>, seen = new Set<string>()): (string | null)[] {
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) return strings(expr.expression, consts, seen);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [expr.text];
  if (ts.isTemplateExpression(expr)) return [expr.head.text + expr.templateSpans.map((s) => `{}${s.literal.text}`).join('')];
  if (ts.isConditionalExpression(expr)) return [...strings(expr.whenTrue, consts, seen), ...strings(expr.whenFalse, consts, seen)];
  if (ts.isIdentifier(expr) && consts.has(expr.text) && !seen.has(expr.text)) return strings(consts.get(expr.text)!, consts, new Set([...seen, expr.text]));
  return [null];
}

function prop(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === name);
}

type FnLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.ConstructorDeclaration;

/** A function or class that builds a KioskError from its parameters, e.g. `mk(code, cause, citizenMessage)`. */
interface Builder {
  code: number;
  /** The parameter index of the citizen text, or the text the builder always uses. */
  citizen: number | ts.Expression;
  consts: Map<string, ts.Expression>;
}

function builderName(fn: FnLike): string | undefined {
  if (ts.isConstructorDeclaration(fn)) return ts.isClassDeclaration(fn.parent) ? fn.parent.name?.text : undefined;
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  return ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
}

function enclosingFn(node: ts.Node): FnLike | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n)) return n;
  }
  return undefined;
}

const valueOf = (p: ts.ObjectLiteralElementLike) => (ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : undefined);

interface Parsed {
  sf: ts.SourceFile;
  rel: string;
  consts: Map<string, ts.Expression>;
}

export function citizenErrorSites(repoRoot: string, folders = ['src', 'hardware']): CitizenErrorSite[] {
  const parsed: Parsed[] = [];
  for (const file of folders.flatMap((f) => sourceFiles(path.join(repoRoot, f)))) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const consts = new Map<string, ts.Expression>();
    const collect = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) consts.set(node.name.text, node.initializer);
      ts.forEachChild(node, collect);
    };
    collect(sf);
    parsed.push({ sf, rel: path.relative(repoRoot, file), consts });
  }

  const sites: CitizenErrorSite[] = [];
  // Tables of citizen texts by code (`TABLE[code]`), wherever they are declared.
  const globalConsts = new Map<string, ts.Expression>();
  for (const p of parsed) for (const [name, init] of p.consts) if (!globalConsts.has(name)) globalConsts.set(name, init);
  const tableSites = (expr: ts.Expression, where: string): CitizenErrorSite[] | null => {
    if (!ts.isElementAccessExpression(expr) || !ts.isIdentifier(expr.expression)) return null;
    let table = globalConsts.get(expr.expression.text);
    while (table && (ts.isAsExpression(table) || ts.isSatisfiesExpression(table) || ts.isParenthesizedExpression(table))) table = table.expression;
    if (!table || !ts.isObjectLiteralExpression(table)) return null;
    return table.properties.flatMap((p) =>
      ts.isPropertyAssignment(p) && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name)) ? [{ code: p.name.text, text: ts.isStringLiteralLike(p.initializer) ? p.initializer.text : null, where }] : [],
    );
  };
  // Function builders are matched in their own file; class builders (subclasses of KioskError) anywhere.
  const fileBuilders = new Map<ts.SourceFile, Map<string, Builder>>();
  const classBuilders = new Map<string, Builder>();
  const pending: { p: Parsed; obj: ts.ObjectLiteralExpression; code: ts.Expression; citizen: ts.Expression }[] = [];

  for (const p of parsed) {
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        const code = prop(node, 'code');
        const citizen = prop(node, 'citizenMessage');
        const c = code && valueOf(code);
        const m = citizen && valueOf(citizen);
        if (c && m) pending.push({ p, obj: node, code: c, citizen: m });
      }
      ts.forEachChild(node, visit);
    };
    visit(p.sf);
  }

  for (const { p, obj, code, citizen } of pending) {
    const where = `${p.rel}:${p.sf.getLineAndCharacterOfPosition(obj.getStart()).line + 1}`;
    const fn = enclosingFn(obj);
    const params = fn ? fn.parameters.map((x) => (ts.isIdentifier(x.name) ? x.name.text : '')) : [];
    if (fn && ts.isIdentifier(code) && params.includes(code.text)) {
      const name = builderName(fn);
      if (!name) {
        sites.push({ code: `<code from a parameter of an unnamed function at ${where}>`, text: null, where });
        continue;
      }
      const fromTable = tableSites(citizen, where);
      if (fromTable) {
        sites.push(...fromTable);
        continue;
      }
      const b: Builder = { code: params.indexOf(code.text), citizen: ts.isIdentifier(citizen) && params.includes(citizen.text) ? params.indexOf(citizen.text) : citizen, consts: p.consts };
      if (ts.isConstructorDeclaration(fn)) classBuilders.set(name, b);
      else {
        if (!fileBuilders.has(p.sf)) fileBuilders.set(p.sf, new Map());
        fileBuilders.get(p.sf)!.set(name, b);
      }
      continue;
    }
    const fromTable = tableSites(citizen, where);
    if (fromTable) {
      sites.push(...fromTable);
      continue;
    }
    const codes = strings(code, p.consts);
    const texts = strings(citizen, p.consts);
    // Plumbing that copies another error's fields (toJSON, schemas, alarm tables) is not a site.
    if (codes.every((x) => x === null) && texts.every((x) => x === null) && !ts.isStringLiteralLike(citizen)) continue;
    for (const c of codes) for (const t of texts) sites.push({ code: c ?? `<unresolved code at ${where}>`, text: t, where });
  }

  for (const p of parsed) {
    const local = fileBuilders.get(p.sf);
    const visit = (node: ts.Node): void => {
      const call = ts.isCallExpression(node) || ts.isNewExpression(node) ? node : undefined;
      if (call && ts.isIdentifier(call.expression)) {
        const b = (ts.isCallExpression(call) ? local?.get(call.expression.text) : undefined) ?? (ts.isNewExpression(call) ? classBuilders.get(call.expression.text) : undefined);
        const args = call.arguments ?? ts.factory.createNodeArray();
        if (b && args[b.code]) {
          const where = `${p.rel}:${p.sf.getLineAndCharacterOfPosition(call.getStart()).line + 1}`;
          const codeArg = args[b.code]!;
          // Re-wrapping another error under its own code (`e.code`): that error's site counts.
          if (!(ts.isPropertyAccessExpression(codeArg) && codeArg.name.text === 'code')) {
            const texts = typeof b.citizen === 'number' ? (args[b.citizen] ? strings(args[b.citizen]!, p.consts) : [null]) : strings(b.citizen, b.consts);
            for (const c of strings(codeArg, p.consts)) for (const t of texts) sites.push({ code: c ?? `<unresolved code at ${where}>`, text: t, where });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(p.sf);
  }
  return sites;
}

export interface AlarmSite {
  /** The alarm's Vietnamese message; null when it comes from elsewhere (a table, a variable). */
  text: string | null;
  where: string;
}

/** Every `alarm: { code, message }` a driver or the engine puts in a device status. */
export function alarmSites(repoRoot: string, folders = ['src', 'hardware']): AlarmSite[] {
  const sites: AlarmSite[] = [];
  for (const file of folders.flatMap((f) => sourceFiles(path.join(repoRoot, f)))) {
    const text = readFileSync(file, 'utf8');
    if (!/alarm:\s*\{/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const consts = new Map<string, ts.Expression>();
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) consts.set(node.name.text, node.initializer);
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'alarm' && ts.isObjectLiteralExpression(node.initializer)) {
        const message = prop(node.initializer, 'message');
        const value = message && valueOf(message);
        if (value) for (const t of strings(value, consts)) sites.push({ text: t, where: `${path.relative(repoRoot, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return sites;
}
