// Lint with type information (typescript-eslint's projectService reads tsconfig.json) and
// React's hooks rules. `npm test` runs it after the typecheck.
//
// TypeScript: typescript-eslint needs the classic compiler's JS API, which TypeScript 7 (the
// native compiler) does not have, so `typescript` in package.json is 6.0 and serves only this
// lint; the typecheck runs TypeScript 7 from the `typescript-7` alias (see package.json).
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/out/', 'public/'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // A block digester may answer at once (the JavaScript SHA-256) or later (WebCrypto), so
      // the content hash awaits an array that mixes digests and promises of digests on purpose.
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed `any` by
      // design, to fit any field of an expected object; using an `any` stays an error.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
