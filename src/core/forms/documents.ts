// Runs in: Node (engine). Pure: which supporting documents (thành phần hồ sơ) a draft needs now,
// per member procedure, given the answers so far — what the scanner step asks for.
import { memberValue, memberViews, type Catalogue } from './catalogue';
import { evaluate } from './conditions';
import { targetOrThrow } from './draft';
import type { Draft } from './draft-types';
import type { Document } from './schema';

export interface RequiredDocument {
  procedureId: string;
  document: Document;
  /** False when optional (listed so the UI can offer it). */
  required: boolean;
}

export function requiredDocuments(catalogue: Catalogue, draft: Draft): RequiredDocument[] {
  const target = targetOrThrow(catalogue, draft.targetId);
  const out: RequiredDocument[] = [];
  for (const view of memberViews(target)) {
    const get = (p: string) => memberValue(view, draft.values, p);
    for (const document of view.procedure.documents) {
      const required = typeof document.required === 'boolean' ? document.required : evaluate(document.required, get);
      out.push({ procedureId: view.procedure.id, document, required });
    }
  }
  return out;
}
