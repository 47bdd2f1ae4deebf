// Runs in: Node (vitest).
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { sampleDossier, ownerName, ownerId } from '../sync/testing/fixtures';
import { DossierStore } from './store';

const UNIT = '000.00.01.H22';
const dir = () => mkdtempSync(path.join(tmpdir(), 'kiosk-store-'));

function allBytes(d: string): Buffer[] {
  const out: Buffer[] = [];
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const f = path.join(p, e.name);
      if (e.isDirectory()) walk(f);
      else out.push(readFileSync(f));
    }
  };
  walk(d);
  return out;
}

describe('DossierStore', () => {
  it('numbers dossiers per unit per Hanoi day, uniquely across reopen', () => {
    const d = dir();
    let now = Date.UTC(2026, 0, 5, 3, 0, 0);
    let store = DossierStore.open({ dataDir: d, unitCode: UNIT, now: () => now });
    const a = store.submitDossier(sampleDossier(1)).code;
    const b = store.submitDossier(sampleDossier(2)).code;
    expect([a, b]).toEqual([`${UNIT}-260105-0001`, `${UNIT}-260105-0002`]);
    store.close();
    store = DossierStore.open({ dataDir: d, unitCode: UNIT, now: () => now });
    expect(store.submitDossier(sampleDossier(3)).code).toBe(`${UNIT}-260105-0003`);
    now = Date.UTC(2026, 0, 5, 17, 0, 0); // midnight in Hanoi
    expect(store.submitDossier(sampleDossier(4)).code).toBe(`${UNIT}-260106-0001`);
    store.close();
  });

  it('stores attachments encrypted and content-addressed; nothing personal is visible on disk', () => {
    const d = dir();
    const store = DossierStore.open({ dataDir: d, unitCode: UNIT });
    const input = sampleDossier(5, { attachmentBytes: 4096, attachments: 2 });
    input.attachments[1]!.bytes = Buffer.from(`CCCD ${ownerId(5)} ${ownerName(5)} ${'x'.repeat(500)}`, 'utf8');
    const { code } = store.submitDossier(input);
    store.submitDossier(sampleDossier(5, { attachmentBytes: 4096 })); // same first file → deduplicated
    const atts = store.getAttachments(code);
    expect(atts).toHaveLength(2);
    expect(readdirSync(path.join(d, 'blobs'))).toHaveLength(2);
    expect(store.readAttachment(atts[1]!)).toEqual(Buffer.from(input.attachments[1]!.bytes));
    const needles = [ownerName(5), ownerId(5), 'Lê Lợi', 'cong.dan.5@example.vn'].map((s) => Buffer.from(s, 'utf8'));
    for (const bytes of allBytes(d)) {
      for (const n of needles) expect(bytes.includes(n)).toBe(false);
      expect(bytes.includes(Buffer.from(input.attachments[0]!.bytes).subarray(0, 64))).toBe(false);
    }
    store.close();
  });

  it('detects a tampered attachment file', () => {
    const d = dir();
    const store = DossierStore.open({ dataDir: d, unitCode: UNIT });
    const { code } = store.submitDossier(sampleDossier(6));
    const att = store.getAttachments(code)[0]!;
    const file = path.join(d, 'blobs', att.blobName!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20]! ^= 1;
    writeFileSync(file, bytes);
    expect(() => store.readAttachment(att)).toThrow(KioskError);
    store.close();
  });

  it('keeps strict per-dossier order in the outbox and dead-letters/resubmits', () => {
    const store = DossierStore.open({ dataDir: dir(), unitCode: UNIT });
    const a = store.submitDossier(sampleDossier(1)).code;
    const b = store.submitDossier(sampleDossier(2)).code;
    store.amendDossier(a, sampleDossier(9).personal, 'staff:1');
    const due = store.dueOutbox(10);
    // One row per dossier: a's amendment waits for its first version.
    expect(due.map((r) => [r.dossierCode, r.dossierVersion])).toEqual([
      [a, 1],
      [b, 1],
    ]);
    store.markDead(due[0]!.id, 'Mã thủ tục không hợp lệ');
    // Dead row still blocks later rows of the same dossier (order), not other dossiers.
    expect(store.dueOutbox(10).map((r) => r.dossierCode)).toEqual([b]);
    expect(store.listDeadLetters().map((r) => r.deadReason)).toEqual(['Mã thủ tục không hợp lệ']);
    store.resubmit(due[0]!.id, 'staff:1');
    expect(store.dueOutbox(10).map((r) => r.dossierCode)).toContain(a);
    expect(() => store.resubmit(due[1]!.id, 'staff:1')).toThrow(KioskError);
    expect(store.auditLog(a).map((e) => e.action)).toEqual(['submit', 'amend', 'dead-letter', 'resubmit']);
    store.close();
  });

  it('purges personal data after delivery + retention, keeps code and status; audits staff reads', () => {
    const d = dir();
    let now = Date.UTC(2026, 0, 5, 3, 0, 0);
    const store = DossierStore.open({ dataDir: d, unitCode: UNIT, now: () => now });
    const { code } = store.submitDossier(sampleDossier(7));
    const pending = store.submitDossier(sampleDossier(8)).code;
    expect(store.readPersonalData(code, 'staff:42', 'citizen asked')?.ownerName).toBe(ownerName(7));
    expect(store.auditLog(code).some((e) => e.actor === 'staff:42' && e.action === 'read-personal')).toBe(true);
    const row = store.dueOutbox(10).find((r) => r.dossierCode === code)!;
    store.markDelivered(row.id, { upstreamCode: code, status: 2 });
    expect(store.purgePersonalData(7)).toEqual([]); // not yet: retention not over
    now += 8 * 86_400_000;
    expect(store.purgePersonalData(7)).toEqual([code]); // the undelivered one is kept
    expect(store.readPersonalData(code, 'staff:42', 'check')).toBeNull();
    expect(store.readPersonalData(pending, 'sync', 'x')?.ownerName).toBe(ownerName(8));
    expect(store.getAttachments(code)[0]!.blobName).toBeNull();
    const t = store.timeline(code)!;
    expect(t.status).toBe(2);
    expect(t.events.map((e) => e.status)).toEqual([1, 2]);
    expect(JSON.stringify(t)).not.toContain(ownerName(7));
    expect(readdirSync(path.join(d, 'blobs'))).toHaveLength(1);
    store.close();
  });

  it('sweeps attachment files left by a crash before commit, never referenced ones', () => {
    const d = dir();
    const store = DossierStore.open({ dataDir: d, unitCode: UNIT });
    store.submitDossier(sampleDossier(1));
    store.blobs.put(Buffer.from('written, then the process died before the commit'));
    expect(readdirSync(path.join(d, 'blobs'))).toHaveLength(2);
    expect(store.sweepOrphanBlobs(3600_000)).toBe(0); // too recent: may belong to a submit in progress
    expect(store.sweepOrphanBlobs(0)).toBe(1);
    const [att] = store.getAttachments(store.listOutbox()[0]!.dossierCode);
    expect(store.readAttachment(att!).length).toBe(2048);
    store.close();
  });

  it('rejects invalid input with KioskError before writing anything', () => {
    const store = DossierStore.open({ dataDir: dir(), unitCode: UNIT });
    const bad = sampleDossier(1);
    bad.personal.ownerName = '';
    expect(() => store.submitDossier(bad)).toThrow(KioskError);
    expect(store.outboxCounts().pending).toBe(0);
    expect(() => store.timeline('garbage')).toThrow(KioskError);
    store.close();
  });
});
