// Runs in: Node (vitest, as root). Disk full during submit: a 2 MiB tmpfs holds the data dir; once
// it fills, submit must fail with a KioskError before acknowledging, and nothing half-written may
// remain (every outbox row has its dossier and readable attachments; the store reopens).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DossierStore } from '../../src/core/dossiers/store';
import { sampleDossier } from '../../src/core/sync/testing/fixtures';
import { KioskError } from '../../src/shared/errors';

let mountPoint = '';
let mounted = false;
let why = '';

beforeAll(() => {
  mountPoint = mkdtempSync(path.join(tmpdir(), 'kiosk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    mounted = true;
  } catch (error) {
    why = `cannot mount tmpfs (needs root/CAP_SYS_ADMIN): ${(error as Error).message.split('\n')[0]}`;
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

describe('disk full during submit', () => {
  it('fails cleanly before acknowledging and leaves a consistent store', (ctx) => {
    if (!mounted) ctx.skip(why);
    const dataDir = path.join(mountPoint, 'data');
    const store = DossierStore.open({ dataDir, unitCode: '000.00.01.H22' });
    const acked: string[] = [];
    let failure: unknown = null;
    for (let i = 0; i < 100 && failure === null; i++) {
      try {
        acked.push(store.submitDossier(sampleDossier(i, { attachmentBytes: 150_000 })).code);
      } catch (error) {
        failure = error;
      }
    }
    expect(failure).toBeInstanceOf(KioskError);
    expect((failure as KioskError).code).toMatch(/^dossier\.(disk-full|commit-failed|attachment-write-failed)$/);
    expect(acked.length).toBeGreaterThan(0);
    store.close();

    const again = DossierStore.open({ dataDir, unitCode: '000.00.01.H22' });
    const rows = again.listOutbox();
    expect(rows.map((r) => r.dossierCode)).toEqual(acked);
    for (const code of acked) {
      const atts = again.getAttachments(code);
      expect(atts).toHaveLength(1);
      expect(again.readAttachment(atts[0]!).length).toBe(150_000);
    }
    again.close();
  });
});
