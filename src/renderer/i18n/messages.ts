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
