// Lint = the import boundaries between processes (see README "Architecture"), plus
// typescript-eslint's recommended rules. A boundary violation is an error, so `npm test` fails.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:*'];

const restrict = (message, { names = [], groups = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: groups.length ? [{ group: groups, message }] : [],
    },
  ],
});

export const boundaries = [
  {
    // The renderer runs in a sandboxed page: it reaches devices and the engine only through the
    // typed contract in src/shared.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: restrict('The renderer may import only src/shared, React and browser code (no Node, Electron, engine or hardware).', {
      names: [...nodeBuiltins, 'electron', 'ws', 'pino', 'better-sqlite3-multiple-ciphers', 'serialport', 'node-hid', 'sharp'],
      groups: ['**/hardware/**', '**/core/**', '**/main/**', '**/host/**', '**/preload/**', '**/cli/**', 'node:*'],
    }),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict('src/shared is the contract: it runs in every process, so it imports nothing but zod and itself.', {
      names: [...nodeBuiltins, 'electron', 'react'],
      groups: ['**/hardware/**', '**/core/**', '**/main/**', '**/host/**', '**/preload/**', '**/renderer/**', '**/cli/**', 'node:*'],
    }),
  },
  {
    // The engine and drivers run under plain Node (host, CLI, tests) as well as in Electron's main.
    files: ['src/core/**/*.ts', 'hardware/**/*.ts', 'src/host/**/*.ts', 'src/cli/**/*.ts'],
    rules: restrict('The engine, drivers, host and CLI run without Electron and never import UI code.', {
      names: ['electron'],
      groups: ['electron/*', '**/renderer/**', '**/preload/**', '**/main/**'],
    }),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict('The preload exposes the contract and nothing else.', {
      names: nodeBuiltins.filter((n) => n !== 'electron'),
      groups: ['**/hardware/**', '**/core/**', '**/renderer/**', '**/host/**', '**/cli/**', 'node:*'],
    }),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-results/**', 'playwright-report/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...boundaries,
);
