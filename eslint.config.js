import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'db/migrations/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // z.object drops unknown keys silently, so a misspelt nested field (a rule's `opp`) changed what was
      // stored. Every object schema refuses them; z.looseObject says so where other keys belong.
      'no-restricted-properties': [
        'error',
        { object: 'z', property: 'object', message: 'Use z.strictObject (or z.looseObject where other keys belong): z.object drops unknown keys.' },
      ],
    },
  },
  {
    // Built-in nodes are written and tested exactly as a plugin is: with the public SDK surface only.
    files: ['nodes/src/builtin/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/*', '**/engine/*', 'zod', '@journey/*'],
              message: 'Built-in nodes use the public SDK surface only: ../../sdk.ts and ../../testing.ts (what @journey/sdk and @journey/sdk/testing export).',
            },
          ],
        },
      ],
    },
  },
  {
    // The editor runs in the browser: the server's code reaches it as types only (its typed API client).
    files: ['editor/src/**/*.{ts,tsx}'],
    ignores: ['editor/src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@journey/runtime', '@journey/runtime/*', '@journey/db', '@journey/db/*', '**/runtime/src/**', '**/db/src/**'],
              allowTypeImports: true,
              message: 'The editor is bundled for the browser: import server code with `import type` only.',
            },
          ],
        },
      ],
    },
  },
);
