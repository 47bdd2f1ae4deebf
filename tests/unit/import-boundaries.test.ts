// The lint rule that keeps each process's code in its lane actually fires.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('keep Node, Electron, the engine and drivers out of the renderer', async () => {
    for (const code of [
      "import fs from 'node:fs';",
      "import fs from 'fs';",
      "import { ipcRenderer } from 'electron';",
      "import { createEngine } from '../core/engine';",
      "import { drivers } from '../../hardware/drivers';",
      "import Database from 'better-sqlite3-multiple-ciphers';",
    ]) {
      expect(await boundaryErrors('src/renderer/Bad.tsx', `${code}\nexport const x = 1;`), code).not.toEqual([]);
    }
    expect(await boundaryErrors('src/renderer/Good.tsx', "import { z } from 'zod';\nimport type { KioskInfo } from '../shared/contract';\nexport const x = z;")).toEqual([]);
  });

  it('keep Electron out of the engine, drivers, host and CLI', async () => {
    for (const file of ['src/core/x.ts', 'hardware/printer/x.ts', 'src/host/x.ts', 'src/cli/x.ts']) {
      expect(await boundaryErrors(file, "import { app } from 'electron';\nexport const x = app;"), file).not.toEqual([]);
    }
    expect(await boundaryErrors('src/core/x.ts', "import fs from 'node:fs';\nexport const x = fs;")).toEqual([]);
  });

  it('keep the shared contract free of Node and of other layers', async () => {
    expect(await boundaryErrors('src/shared/x.ts', "import fs from 'node:fs';\nexport const x = fs;")).not.toEqual([]);
    expect(await boundaryErrors('src/shared/x.ts', "import { y } from '../core/engine';\nexport const x = y;")).not.toEqual([]);
  });

  it('let the preload import only electron and the contract', async () => {
    expect(await boundaryErrors('src/preload/x.ts', "import { contextBridge } from 'electron';\nimport { requests } from '../shared/contract';\nexport const x = [contextBridge, requests];")).toEqual([]);
    expect(await boundaryErrors('src/preload/x.ts', "import fs from 'node:fs';\nexport const x = fs;")).not.toEqual([]);
  });
});
