// Runs in: Node (engine). The dossier store's schema, as versioned migrations.
import type { Migration } from '../db/migrations';

export const dossierMigrations: Migration[] = [
  {
    version: 1,
    name: 'dossiers, attachments, outbox, status history, audit log, day counters',
    up(db) {
      db.exec(`
        CREATE TABLE day_counters (
          unit_code TEXT NOT NULL, day TEXT NOT NULL, last_seq INTEGER NOT NULL,
          PRIMARY KEY (unit_code, day));
        CREATE TABLE dossiers (
          code TEXT PRIMARY KEY,
          unit_code TEXT NOT NULL,
          procedure_code TEXT NOT NULL,
          procedure_name TEXT NOT NULL,
          sector_code TEXT,
          received_at INTEGER NOT NULL,
          promised_at INTEGER,
          status INTEGER NOT NULL,
          status_at INTEGER NOT NULL,
          upstream_code TEXT,
          version INTEGER NOT NULL DEFAULT 1,
          personal_json TEXT,           -- NULL once purged
          delivered_at INTEGER,         -- first upstream confirmation of receipt
          purged_at INTEGER,
          closed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX dossiers_open ON dossiers (closed, delivered_at);
        CREATE TABLE attachments (
          id INTEGER PRIMARY KEY,
          dossier_code TEXT NOT NULL REFERENCES dossiers(code),
          ordinal INTEGER NOT NULL,
          name TEXT NOT NULL,
          component_code TEXT NOT NULL,
          mime TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          size INTEGER NOT NULL,
          blob_name TEXT,               -- NULL once purged
          upstream_url TEXT,
          UNIQUE (dossier_code, ordinal));
        CREATE INDEX attachments_blob ON attachments (blob_name);
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          dossier_code TEXT NOT NULL REFERENCES dossiers(code),
          op TEXT NOT NULL,
          dossier_version INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          last_error TEXT,
          dead_reason TEXT,
          created_at INTEGER NOT NULL,
          finished_at INTEGER);
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_dossier ON outbox (dossier_code, id);
        CREATE TABLE status_history (
          id INTEGER PRIMARY KEY,
          dossier_code TEXT NOT NULL REFERENCES dossiers(code),
          status INTEGER NOT NULL,
          at INTEGER NOT NULL,
          source TEXT NOT NULL,
          note TEXT);
        CREATE INDEX status_history_code ON status_history (dossier_code, id);
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          dossier_code TEXT,
          detail TEXT);
      `);
    },
  },
];
