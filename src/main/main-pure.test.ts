// The pure parts of the Electron main process, tested without Electron.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, isSameOrigin, originOf, resolveAppPath } from './app-protocol';
import { decideRecovery } from './crash-policy';
import { isTrustedSender } from './sender-check';
import { kioskWindowOptions } from './window-options';

describe('window options', () => {
  it('follow the Electron security checklist', () => {
    const options = kioskWindowOptions({ preloadPath: '/app/preload.cjs', packaged: true });
    expect(options.kiosk).toBe(true);
    expect(options.closable).toBe(false);
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      preload: '/app/preload.cjs',
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('allow devtools only in development or when explicitly asked', () => {
    expect(kioskWindowOptions({ preloadPath: 'p', packaged: false }).webPreferences?.devTools).toBe(true);
    expect(kioskWindowOptions({ preloadPath: 'p', packaged: true, allowDevtools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('navigation guard', () => {
  it('allows only our own origin, compared with new URL().origin semantics', () => {
    expect(isSameOrigin('app://kiosk/index.html#k=1', APP_ORIGIN)).toBe(true);
    expect(isSameOrigin('app://kiosk/staff', APP_ORIGIN)).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://kiosk.evil.com/',
      'https://kiosk/',
      'https://app://kiosk/',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isSameOrigin(url, APP_ORIGIN), url).toBe(false);
    }
  });

  it('never treats two opaque origins as equal (the "null" === "null" trap)', () => {
    expect(originOf('file:///a')).toBeNull();
    expect(originOf('data:text/plain,x')).toBeNull();
    expect(isSameOrigin('file:///a', 'null')).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:9000/x', 'http://127.0.0.1:9000')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:9001/x', 'http://127.0.0.1:9000')).toBe(false);
    // the classic prefix bug: startsWith would accept this
    expect(isSameOrigin('http://127.0.0.1:9000.evil.com/', 'http://127.0.0.1:9000')).toBe(false);
  });
});

describe('IPC sender check', () => {
  it('accepts only the top frame of our origin', () => {
    expect(isTrustedSender({ url: 'app://kiosk/index.html', parent: null }, APP_ORIGIN)).toBe(true);
    expect(isTrustedSender({ url: 'app://kiosk/index.html', parent: {} }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', parent: null }, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
  });
});

describe('app:// protocol mapping', () => {
  const root = path.resolve('/srv/renderer');
  it('maps files under the renderer folder', () => {
    expect(resolveAppPath('app://kiosk/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath('app://kiosk/assets/index.js', root)).toBe(path.join(root, 'assets/index.js'));
  });
  it('never resolves outside the renderer folder, however the path is encoded', () => {
    for (const url of ['app://kiosk/../../etc/passwd', 'app://kiosk/%2e%2e/%2e%2e/etc/passwd', 'app://kiosk/..%2f..%2fetc%2fpasswd', 'app://kiosk/a/..%5c..%5c..%5cetc']) {
      const resolved = resolveAppPath(url, root);
      expect(resolved === null || resolved.startsWith(root + path.sep), `${url} -> ${resolved}`).toBe(true);
    }
    expect(resolveAppPath('app://kiosk/..%2f..%2fetc%2fpasswd', root)).toBeNull();
  });
  it('refuses other hosts, other schemes, NUL bytes and broken encodings', () => {
    for (const url of ['app://other/index.html', 'file:///srv/renderer/index.html', 'app://kiosk/%00x', 'app://kiosk/%E0%A4%A']) {
      expect(resolveAppPath(url, root), url).toBeNull();
    }
  });
});

describe('crash recovery policy', () => {
  it('reloads on a first crash, relaunches when crashes repeat, ignores a clean exit', () => {
    let history: number[] = [];
    const actions: string[] = [];
    for (const t of [0, 1000, 2000, 3000]) {
      const d = decideRecovery(history, t, 'crashed');
      history = d.history;
      actions.push(d.action);
    }
    expect(actions).toEqual(['reload', 'reload', 'reload', 'relaunch']);
    expect(history).toEqual([]);
    expect(decideRecovery([], 0, 'clean-exit').action).toBe('none');
  });
  it('forgets crashes older than the window', () => {
    const d = decideRecovery([0, 1000, 2000], 10 * 60_000, 'oom');
    expect(d.action).toBe('reload');
    expect(d.history).toEqual([10 * 60_000]);
  });
});
