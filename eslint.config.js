// Lint, with the layering fences the architecture depends on:
//   electron/agent/  plain Node — never imports electron, main, preload or renderer code
//   shared/          pure — no node:*, no electron, no DOM, nothing outside shared/
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'e2e/artifacts/**', 'electron/agent/fixtures/roots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/agent/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The agent is plain Node: it runs as its own process, elevated or remote.' }],
        patterns: [{ group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'The agent must not depend on the GUI layers.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the main side only through its bridge.' }, ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer runs sandboxed: no Node built-ins.' }))],
        patterns: [
          { group: ['node:*'], message: 'The renderer runs sandboxed: no Node built-ins.' },
          { group: ['**/electron/**'], message: 'The renderer depends on shared/ only, never on the agent or main code.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ is pure.' }, ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure: no Node built-ins.' }))],
        patterns: [
          { group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing outside shared/.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    // Tests of shared code may read fixture files; the code they test stays pure.
    files: ['shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    // The typed contract holds only while nothing casts around it: no `as` in the bridges, the
    // store, the preload or the service's handlers (tests may).
    files: ['renderer/src/bridge/**/*.ts', 'renderer/src/store/store.ts', 'electron/preload/**/*.ts', 'electron/main/service/service.ts', 'shared/ipc/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }] },
  },
);
