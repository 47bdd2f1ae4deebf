// Runs in: Node (engine). A stored dossier keeps only the Vietnamese name of its procedure (the
// official one, as printed on its receipt and sent upstream). Screens that show it again — the
// progress timeline, the staff outbox — want it in English too: it comes from the procedure
// catalogue (forms/), matched by that Vietnamese name, else by procedure code.
import type { LocalizedText } from '../../shared/contract/text';
import { sameText } from '../../shared/contract/text';
import type { Catalogue } from '../forms';

export type ProcedureNames = (procedureCode: string, viName: string) => LocalizedText;

/**
 * `procedureCodes` is the config's form id → upstream code map (upstream.procedureCodes): a
 * dossier filed under a mapped code is found through it. A name the catalogue no longer has (a
 * form removed since, or a dossier from another source) is shown as stored, in both languages.
 */
export function procedureNames(catalogue: () => Catalogue | null, procedureCodes: Readonly<Record<string, string>> = {}): ProcedureNames {
  let index: { byName: Map<string, LocalizedText>; byCode: Map<string, LocalizedText> } | null = null;
  const build = () => {
    let loaded: Catalogue | null = null;
    try {
      loaded = catalogue();
    } catch {
      // No catalogue (unreadable forms/): names stay as stored; the procedures screen reports it.
    }
    if (!loaded) return null;
    const byName = new Map<string, LocalizedText>();
    const byCode = new Map<string, LocalizedText>();
    for (const file of [...loaded.procedures.values(), ...loaded.groups.values()]) {
      const name = { vi: file.name.vi, en: file.name.en };
      if (!byName.has(file.name.vi)) byName.set(file.name.vi, name);
      for (const code of [procedureCodes[file.id], file.codes.national, ...file.codes.provincial.map((p) => p.code), file.id]) {
        if (code && !byCode.has(code)) byCode.set(code, name);
      }
    }
    return { byName, byCode };
  };
  return (procedureCode, viName) => {
    index ??= build();
    const hit = index?.byName.get(viName) ?? index?.byCode.get(procedureCode);
    // Matched by code only: the stored Vietnamese is what the receipt says, keep it.
    return hit ? { vi: viName, en: hit.en } : sameText(viName);
  };
}
