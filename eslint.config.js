import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-results', 'appPackage/build', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The domain stays pure: no Bot Framework, Teams AI, HTTP server or database in it.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            'botbuilder*',
            '@microsoft/*',
            'restify*',
            'kysely*',
            'pg',
            '@electric-sql/*',
            'node:fs*',
            'node:http*',
            '../db/*',
            '../bot/*',
            '../server*',
          ],
        },
      ],
    },
  },
  {
    // Only src/bot and src/server may talk to the Bot Framework SDKs.
    files: ['src/**/*.ts'],
    ignores: ['src/bot/**', 'src/server.ts', 'src/server/**', 'src/main.ts', 'src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['botbuilder*', '@microsoft/teams-ai', 'botframework-*'] }],
    },
  },
);
