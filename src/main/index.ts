// Runs in: Electron main. Thin: window, lockdown, protocol, IPC wiring, crash recovery. The engine
// is the same one the browser host runs; the hardware lives behind it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, globalShortcut, ipcMain, net, protocol, session } from 'electron';
import { drivers } from '../../hardware/drivers';
import { kioskConfigSchema } from '../core/config/schema';
import { loadConfig } from '../core/config/load';
import { createEngine, type Engine } from '../core/engine';
import { configureLogging, defaultLogDir, getLogger } from '../core/log';
import { contentSecurityPolicy } from '../core/security/csp';
import { APP_ENTRY, APP_ORIGIN, APP_SCHEME, isSameOrigin, resolveAppPath } from './app-protocol';
import { decideRecovery } from './crash-policy';
import { forwardEvents, registerIpc } from './ipc';
import { kioskWindowOptions } from './window-options';

const log = getLogger('main');
const appRoot = app.isPackaged ? app.getAppPath() : path.resolve(__dirname, '../..');
const rendererDir = path.join(appRoot, 'dist/renderer');
const preloadPath = path.join(appRoot, 'dist/preload/preload.cjs');

// Must happen before `ready`: app:// behaves like https (secure context, fetch, CSP).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let engine: Engine | null = null;
let mainWindow: BrowserWindow | null = null;
let crashHistory: number[] = [];

function loadEngineConfig() {
  // `kiosk start` passes the config with simulator addresses resolved; a packaged kiosk reads its file.
  if (process.env.KIOSK_RUNTIME_CONFIG) {
    const config = kioskConfigSchema.parse(JSON.parse(process.env.KIOSK_RUNTIME_CONFIG));
    return { config, dataDir: process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'data'), configFile: process.env.KIOSK_CONFIG_FILE || null };
  }
  const loaded = loadConfig(process.env.KIOSK_CONFIG ?? path.join(app.getPath('userData'), 'kiosk.config.yaml'));
  return { config: loaded.config, dataDir: loaded.file ? loaded.dataDir : path.join(app.getPath('userData'), 'data'), configFile: loaded.file };
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(kioskWindowOptions({ preloadPath, packaged: app.isPackaged, allowDevtools: process.env.KIOSK_ALLOW_DEVTOOLS === '1' }));
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    const decision = decideRecovery(crashHistory, Date.now(), details.reason);
    crashHistory = decision.history;
    log.error({ reason: details.reason, exitCode: details.exitCode, action: decision.action }, 'renderer process gone');
    if (decision.action === 'reload') win.reload();
    if (decision.action === 'relaunch') {
      app.relaunch();
      app.exit(0);
    }
  });
  win.webContents.on('unresponsive', () => log.warn('renderer unresponsive'));
  void win.loadURL(APP_ENTRY);
  return win;
}

function lockDown(): void {
  const ses = session.defaultSession;
  // No camera, microphone, geolocation, notifications…: the page asks, the answer is no.
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isSameOrigin(url, APP_ORIGIN)) {
        event.preventDefault();
        log.warn('blocked navigation away from the app');
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (!isSameOrigin(url, APP_ORIGIN)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('context-menu', (event) => event.preventDefault());
  });

  // Keys that would leave or disturb the kiosk. Staff reach their mode through the app's PIN.
  for (const accelerator of ['Alt+F4', 'F11', 'CommandOrControl+W', 'CommandOrControl+R', 'CommandOrControl+Shift+I', 'CommandOrControl+M']) {
    globalShortcut.register(accelerator, () => undefined);
  }
}

function serveApp(): void {
  const csp = contentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppPath(request.url, rendererDir);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

// Voice guidance must start when a card goes in, before anyone has touched the screen.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.whenReady().then(async () => {
    const { config, dataDir, configFile } = loadEngineConfig();
    configureLogging({ dir: defaultLogDir(dataDir), level: config.log.level, maxSize: config.log.maxSize, maxFiles: config.log.maxFiles });
    lockDown();
    serveApp();
    engine = createEngine({ config, dataDir, configFile, version: app.getVersion(), drivers, resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources') });
    registerIpc(ipcMain, engine, APP_ORIGIN);
    forwardEvents(engine, () => mainWindow?.webContents ?? null);
    await engine.start();
    mainWindow = createWindow();
  }).catch((error: unknown) => {
    log.fatal({ err: error }, 'start-up failed');
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    globalShortcut.unregisterAll();
    void engine?.stop();
  });
}
