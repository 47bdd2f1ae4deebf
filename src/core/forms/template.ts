// Runs in: Node (engine). Pure: `{{section.field}}` placeholders in declaration layouts.

const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)?)\s*\}\}/gu;

export function templatePaths(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function fillTemplate(text: string, lookup: (path: string) => string): string {
  return text.replace(PLACEHOLDER, (_, p: string) => lookup(p));
}
