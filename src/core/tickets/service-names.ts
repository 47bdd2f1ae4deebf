// Runs in: Node (engine, CLI). A queue service's name as the config gives it: `name: Hộ tịch` (a
// config written before the kiosk spoke English) or `name: { vi: Hộ tịch, en: Civil status }`.
// The screen shows it in the citizen's language; the printed ticket always uses the Vietnamese.
import type { LocalizedText } from '../../shared/contract/text';

export type ConfiguredName = string | { vi: string; en: string };

/**
 * Both languages of a configured name. A plain string has no English: the English screen shows
 * the Vietnamese (the centre's official wording) rather than nothing, and `untranslatedServices`
 * lets start-up and `kiosk config check` tell the technician.
 */
export function serviceNameText(name: ConfiguredName): LocalizedText {
  return typeof name === 'string' ? { vi: name, en: name } : { vi: name.vi, en: name.en };
}

/** Codes of the services whose name has no English. */
export function untranslatedServices(services: ReadonlyArray<{ code: string; name: ConfiguredName }>): string[] {
  return services.filter((s) => typeof s.name === 'string').map((s) => s.code);
}

/** The technician's one-line warning for `untranslatedServices`, or null when all have English. */
export function untranslatedWarning(services: ReadonlyArray<{ code: string; name: ConfiguredName }>): string | null {
  const codes = untranslatedServices(services);
  if (codes.length === 0) return null;
  return `queue.services ${codes.join(', ')}: name has no English (write name: { vi: …, en: … }); the English screen shows the Vietnamese name`;
}
