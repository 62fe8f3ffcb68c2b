import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import formatjs from 'eslint-plugin-formatjs';

/**
 * The UI's words live in the catalogues (shared/i18n/catalogues): no user-visible literal text
 * in JSX, in the props that carry text, in toasts, or in the object fields that become labels.
 */
const visibleProps = '{label,description,title,subtitle,eyebrow,placeholder,hint,error,empty,emptyFiltered,caption,summary,alt,confirmLabel,cancelLabel,busyLabel}';
const visibleFields = /^(label|header|title|description|hint|placeholder|empty|emptyFiltered|text|subtitle|eyebrow|summary|confirmLabel|busyLabel)$/;
const translatedFiles = ['renderer/src/**/*.tsx', 'renderer/src/**/*.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'migrations/**', '.electron-native/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // The contract's schemas (zod) stay out of the UI's scripts: types only, or the zod-free define.ts.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^zod(/.*)?$|shared/contract(/(?!define$)[^/]+)?$',
              allowTypeImports: true,
              message: 'Import types only: the contract pulls zod and every schema into the UI. Values live in shared/domain or shared/contract/define; access rules come from virtual:tessera-access.',
            },
          ],
        },
      ],
    },
  },
  {
    files: translatedFiles,
    ignores: ['renderer/src/**/*.d.ts'],
    plugins: { formatjs },
    rules: {
      'formatjs/no-literal-string-in-jsx': ['error', { props: { include: [['*', visibleProps]] } }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='toast'] > :matches(Literal[value=/[A-Za-z]/], TemplateLiteral).arguments:first-child",
          message: 'A toast speaks the user\'s language: t(\'area.key\', values).',
        },
        {
          selector: `Property[key.name=${visibleFields}] > :matches(Literal[value=/[A-Za-z]/], TemplateLiteral).value`,
          message: 'Text a user reads comes from the catalogues: t(\'area.key\', values).',
        },
      ],
    },
  },
  {
    // shared/ is imported by both sides: no Node, Electron or React.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'electron', 'react', 'react-dom', 'better-sqlite3'] }],
    },
  },
  {
    // The core runs under every host: it imports neither Electron nor a host's own code.
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/core runs under every host: no Electron here; take what the platform offers through CoreOptions.platform.' }],
          patterns: [
            { group: ['electron/*'], message: 'electron/core runs under every host: no Electron here.' },
            { group: ['**/main', '**/main/**', '**/server', '**/server/**'], message: 'electron/core imports no host code (electron/main, electron/server): the hosts import the core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
