// Shared by the staff specs: a kiosk process delivering to a reference upstream run by the test,
// with a configured staff PIN (the upstream is not simulated, so the demo PINs are off), and
// signing in the way staff do.
import { expect, type Page } from '@playwright/test';
import { hashPin } from '../../src/core/technician/pin';
import { startUpstreamServer, type RunningUpstreamServer } from '../../src/upstream-server/server';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

export const STAFF_PIN = '2468';
export const TECHNICIAN_PIN = '1357';
const CREDS_ENV = 'KIOSK_E2E_STAFF_UPSTREAM';

export interface StaffKiosk {
  kiosk: KioskProcess;
  upstream: RunningUpstreamServer;
  stop(): Promise<void>;
}

/** `devicesYaml`: the `devices:` block. The kiosk inherits the upstream login through the environment. */
export async function startStaffKiosk(opts: { unitCode: string; devicesYaml: string; unknownProcedures?: string[] }): Promise<StaffKiosk> {
  const credentials = { username: 'kiosk', password: 'e2e-staff' };
  const upstream = await startUpstreamServer({ port: 0, credentials, unknownProcedures: opts.unknownProcedures ?? [] });
  process.env[CREDS_ENV] = JSON.stringify(credentials);
  let kiosk: KioskProcess;
  try {
    kiosk = await startKioskProcess(
      `centre: { name: "Trung tâm Phục vụ hành chính công thử nghiệm", unitCode: "${opts.unitCode}" }\n` +
        opts.devicesYaml +
        `upstream: { url: ${JSON.stringify(upstream.url)}, credentialsRef: "env:${CREDS_ENV}", simulate: false }\n` +
        `staff: { pinHash: ${JSON.stringify(await hashPin(STAFF_PIN))} }\n` +
        `technician: { pinHash: ${JSON.stringify(await hashPin(TECHNICIAN_PIN))} }\n`,
      120_000, // the renderer may need a rebuild first
    );
  } catch (error) {
    await upstream.stop();
    throw error;
  }
  return {
    kiosk,
    upstream,
    async stop() {
      await kiosk.stop();
      await upstream.stop();
      delete process.env[CREDS_ENV];
    },
  };
}

export async function signIn(page: Page, url: string, role: 'Cán bộ' | 'Kỹ thuật viên', pin: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  // Playwright's keyboard has no F24; a hardware key reaches the page as this same keydown.
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F24', code: 'F24' })));
  await page.getByRole('button', { name: role, exact: true }).click();
  const pad = page.getByRole('group', { name: 'Bàn phím số' });
  for (const d of pin) await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
}

export async function signInAsStaff(page: Page, url: string): Promise<void> {
  await signIn(page, url, 'Cán bộ', STAFF_PIN);
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toBeVisible();
}
