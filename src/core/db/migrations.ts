// Runs in: Node (engine). Versioned, forward-only schema migrations recorded in `schema_migrations`.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { KioskError } from '../../shared/errors';

export interface Migration {
  /** Strictly increasing, starting at 1. Never renumber a shipped migration. */
  version: number;
  name: string;
  up(db: Database): void;
}

export function currentSchemaVersion(db: Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/**
 * Applies every migration newer than the database, each in its own transaction so a crash leaves
 * the schema at a recorded version. A database newer than this build is refused rather than
 * half-understood (a downgraded kiosk must not write rows an old schema cannot describe).
 */
export function migrate(db: Database, migrations: readonly Migration[]): number {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new KioskError({ code: 'db.migration-gap', technicianMessage: `migration list must be 1..N without gaps; found ${m.version} at ${i + 1}` });
  });
  let version = currentSchemaVersion(db);
  const latest = sorted.length;
  if (version > latest) {
    throw new KioskError({
      code: 'db.schema-too-new',
      technicianMessage: `database schema is version ${version} but this build knows only up to ${latest}; refusing to open (downgrade?)`,
    });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of sorted) {
    if (m.version <= version) continue;
    db.transaction(() => {
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
    })();
    version = m.version;
  }
  return version;
}
