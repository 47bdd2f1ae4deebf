// Runs in: renderer (pure). Every citizen-facing string lives in resources/i18n/<lang>.json; this
// looks them up by dotted key with {placeholders}. Vietnamese is the reference: a key missing in
// another language falls back to it, so a partial translation never shows a raw key.
import en from '../../../resources/i18n/en.json';
import vi from '../../../resources/i18n/vi.json';

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every key of vi.json, checked at compile time: a typo in t('…') does not build. */
export type MessageKey = Leaves<typeof vi>;
export type Params = Record<string, string | number>;

type Tree = { [key: string]: string | Tree };
export const CATALOGUES: Record<Lang, Tree> = { vi, en };

/** BCP 47 tag for speech and `<html lang>`. */
export const SPEECH_LANG: Record<Lang, 'vi-VN' | 'en-US'> = { vi: 'vi-VN', en: 'en-US' };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = lookup(CATALOGUES[lang], key) ?? lookup(CATALOGUES.vi, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** All dotted keys of a catalogue (for the completeness test and tooling). */
export function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keysOf(v, `${prefix}${k}.`)));
}

export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

export function messageOf(lang: Lang, key: string): string | undefined {
  return lookup(CATALOGUES[lang], key);
}

/** The catalogue key of an engine error code: `card.removed` → `errors.card.removed`. */
export function errorKey(code: string): string {
  return `errors.${code}`;
}

/**
 * The catalogue keys that may say an engine error: `errors.<code>`, then the other wordings the
 * engine uses for the same code in another place (`errorsAlt.<code>.<n>`, e.g. the documents
 * screen's more specific scanner texts).
 */
export function errorKeys(code: string): string[] {
  let node: string | Tree | undefined = CATALOGUES.vi.errorsAlt;
  for (const part of code.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  const alternatives = typeof node === 'object' ? keysOf(node, `errorsAlt.${code}.`) : [];
  return [errorKey(code), ...alternatives];
}

/**
 * The citizen text of an engine error in `lang`. Vietnamese is the engine's own text, unchanged.
 * Another language uses the wording of the code whose Vietnamese matches the engine's text (with
 * the numbers in it carried over into the {placeholders}); when none matches exactly, the main
 * wording of the code if it has no placeholders; else — and for an unknown code — the engine's
 * Vietnamese text: better a sentence staff can read than none.
 */
export function errorText(lang: Lang, error: { code: string; citizenMessage: string }, genericVi: string): string {
  if (lang === 'vi') return error.citizenMessage;
  if (error.citizenMessage === genericVi) return translate(lang, 'common.machineProblem');
  const keys = errorKeys(error.code);
  for (const key of keys) {
    const template = messageOf('vi', key);
    const target = messageOf(lang, key);
    if (template === undefined || target === undefined) continue;
    const names = placeholdersInOrder(template);
    const pattern = new RegExp(`^${template.split(/\{\w+\}/).map(escapeRegExp).join('(.+?)')}$`, 'su');
    const match = pattern.exec(error.citizenMessage);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, i) => [name, match[i + 1]!]));
    return target.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? params[name]! : whole));
  }
  const main = messageOf(lang, keys[0]!);
  return main !== undefined && placeholdersInOrder(main).length === 0 ? main : error.citizenMessage;
}

function placeholdersInOrder(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A device alarm's message (`{ code, message }` from a device status or alarm notice) in `lang`.
 * Vietnamese is the driver's own text. Another language finds the entry under `alarms` by code,
 * else by the Vietnamese text (one driver uses one sentence for many codes), else keeps the
 * driver's text.
 */
export function alarmText(lang: Lang, alarm: { code: string; message: string }): string {
  if (lang === 'vi') return alarm.message;
  const byCode = messageOf(lang, `alarms.${alarm.code}`);
  if (byCode !== undefined) return byCode;
  const section = CATALOGUES.vi.alarms;
  const key = typeof section === 'object' ? keysOf(section, 'alarms.').find((k) => messageOf('vi', k) === alarm.message) : undefined;
  return (key && messageOf(lang, key)) ?? alarm.message;
}
