// Runs in: Electron main. Pure. The kiosk window, item by item from Electron's security
// checklist: isolated, sandboxed, no Node in the page, nothing experimental, devtools only in
// development builds.
import type { BrowserWindowConstructorOptions } from 'electron';

export function kioskWindowOptions(options: { preloadPath: string; packaged: boolean; allowDevtools?: boolean }): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    closable: options.packaged ? false : true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !options.packaged || options.allowDevtools === true,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}
