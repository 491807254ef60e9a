// Lint, with the layering fences the architecture depends on:
//   electron/agent/    plain Node — never imports electron, main, preload or renderer code
//   electron/main/     thin glue — the agent runs as its own process (bin/isoscope.js, spawned or
//                      elevated); main imports only the few agent modules named in MAIN_MAY_IMPORT
//   electron/preload/  one method per message — only `electron` and shared/ipc
//   shared/            pure — no node:*, no electron, no DOM, nothing outside shared/
//   renderer/          React + zustand; stores only in renderer/src/store/
// and across all of it: no import cycles, the react-hooks rules, no floating promises.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

// What electron/main may take from the agent's code. The agent is a separate process (spawned,
// elevated, or started over ssh); main shares with it only what must read the same on both sides:
//   commandLine/                       the one command-line layer: `isoscope serve` takes the
//                                      collector's flags, parsed and refused exactly as the
//                                      agent's own commands do;
//   cli/serveCommand.js                serve's entry in the command registry (usage, flags);
//   remote/hostSpec.js, remote/sshCommand.js
//                                      how to name another host and start the agent there;
//   seccomp/profiler/rootOwned.js      elevation runs the agent as root only after checking the
//                                      same root-owned-file rule the profiler uses.
// Anything else is reached by running the agent, never by importing it. (An entry ending in /
// allows the whole folder.)
const MAIN_MAY_IMPORT = [
  'commandLine/',
  'cli/serveCommand.js',
  'remote/hostSpec.js',
  'remote/sshCommand.js',
  'seccomp/profiler/rootOwned.js',
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const allowed = MAIN_MAY_IMPORT.map((p) => (p.endsWith('/') ? escape(p) : `${escape(p)}$`)).join('|');
const AGENT_EXCEPT_ALLOWED = `^(\\.\\./)+agent/(?!${allowed})`;

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      'e2e/artifacts/**',
      'electron/agent/fixtures/roots/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // No import cycles anywhere. TypeScript ESM imports name the emitted `.js`; the resolver maps
    // it back to the `.ts`/`.tsx` source.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Promises are awaited, returned, or explicitly `void`ed; none is handed where a void
    // callback is expected. Type-aware: the project service reads tsconfig.json and
    // renderer/tsconfig.json.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Configuration files outside both tsconfigs, and plain JavaScript: no type information.
    files: ['**/*.{js,mjs,cjs}', 'vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['electron/agent/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The agent is plain Node: it runs as its own process, elevated or remote.' }],
          patterns: [
            { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'The agent must not depend on the GUI layers.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: AGENT_EXCEPT_ALLOWED,
              message: `The agent runs as its own process: main spawns it (bin/isoscope.js) and imports only ${MAIN_MAY_IMPORT.join(', ')} (see eslint.config.js).`,
            },
            { group: ['**/renderer/**'], message: 'Main never imports renderer code: the renderer is loaded as a page.' },
            { group: ['**/preload/**'], message: 'Main loads the built preload by path, never imports it.' },
            { group: ['**/e2e/**'], message: 'Test helpers are for tests.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/ipc/)',
              message: 'The preload imports only `electron` and shared/ipc: one method per message, nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the main side only through its bridge.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'The renderer runs sandboxed: no Node built-ins.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer runs sandboxed: no Node built-ins.' },
            { group: ['**/electron/**'], message: 'The renderer depends on shared/ only, never on the agent or main code.' },
          ],
        },
      ],
    },
  },
  {
    // Zustand stores live in renderer/src/store/: one place to find every piece of app state.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'ImportDeclaration[source.value=/^zustand(\\u002Fvanilla)?$/] > ImportSpecifier[imported.name=/^create(Store)?$/]',
          message: 'Zustand stores are created only in renderer/src/store/.',
        },
      ],
    },
  },
  {
    // The react-hooks v7 recommended set (the React Compiler's checks included), with one left off:
    //   set-state-in-effect the seccomp views (and the hosts' clock) set "loading" or the time from
    //                       the effect that fetches or ticks; the rule wants that state derived
    //                       from the request key instead — a rewrite of their data flow, not a fix.
    // (purity stays on: the few renders that read the clock on purpose say why, line by line.)
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is pure.' },
            ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure: no Node built-ins.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node built-ins.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing outside shared/.' },
          ],
        },
      ],
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
    files: [
      'renderer/src/bridge/**/*.ts',
      'renderer/src/store/store.ts',
      'electron/preload/**/*.ts',
      'electron/main/service/service.ts',
      'shared/ipc/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }] },
  },
);
