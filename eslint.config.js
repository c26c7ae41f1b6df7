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
    },
  },
);
