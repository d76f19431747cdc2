// ESLint (flat config): what `npm run lint` checks, with zero warnings allowed
// (docs/decisions/0033). Formatting is Prettier's (`npm run format`), not ESLint's.
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX, { createNodeResolver } from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Email leaves through app/mail: the only code that knows nodemailer. */
const mailOnly = { group: ["nodemailer", "nodemailer/*"], message: "Email is rendered and sent through app/mail (the domain calls it)." };

/** What a page or a component may never reach: the database and the server-only libraries (ARCHITECTURE.md, the layering rule). */
const serverOnly = [
  { group: ["**/db/*", "**/db/**", "~/../db/*"], message: "Routes and components reach the database through the domain (app/domain)." },
  {
    group: ["kysely", "kysely/*", "pg", "pg/*", "@electric-sql/pglite", "@electric-sql/pglite/*", "sharp"],
    message: "Server-only: use it in app/domain, app/published (the renderers) or db/.",
  },
  {
    group: ["~/jobs/*", "../jobs/*", "../../jobs/*", "pg-boss"],
    message: "Routes and components reach the job engine through the domain (app/domain).",
  },
  mailOnly,
];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      ".cache/",
      ".tmp/",
      "data/",
      "node_modules/",
      "test-results/",
      "bench/fixtures/*/build/",
      "bench/fixtures/*/public/build/",
      "bench/fixtures/*/.cache/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" }), createNodeResolver()],
    },
    plugins: { "import-x": importX },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "no-console": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // The loud notices of tests skipped on PGlite ("set TEST_DATABASE_URL to run them") are warnings on purpose.
    files: ["tests/**"],
    rules: { "no-console": ["error", { allow: ["warn"] }] },
  },
  {
    files: ["app/**/*.tsx"],
    ...reactHooks.configs.flat["recommended-latest"],
  },
  {
    files: ["app/**/*.tsx"],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    // The domain is below the web: it never reaches up into pages, components or the web layer.
    files: ["app/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/web/*", "**/web/*", "~/routes/*", "**/routes/*", "~/components/*", "**/components/*", "~/published/*", "**/published/*"],
              message: "The domain is below the web layer and the renderers: move the rule into app/domain.",
            },
            { group: ["@remix-run/*", "react", "react-dom", "react-dom/*"], message: "The domain knows nothing of Remix or React." },
            { group: ["pg-boss"], message: "The domain sends and reads jobs through app/jobs (decision 0037)." },
            mailOnly,
          ],
        },
      ],
    },
  },
  {
    // The web layer serves the routes; it never reaches into one.
    files: ["app/web/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/routes/*", "**/routes/*"], message: "Routes call the web layer, not the other way." },
            { group: ["pg-boss"], message: "The job engine is reached through the domain and app/jobs (decision 0037)." },
            mailOnly,
          ],
        },
      ],
    },
  },
  {
    // The renderers of published documents turn a snapshot the domain read into
    // a roll page, a poster, a screen slide, a share image or the feed. They
    // may use the domain's pure modules and types, i18n, components and sharp;
    // the web layer and the routes call them, never the other way, and the
    // data comes from the domain's use-cases through the web layer.
    files: ["app/published/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...serverOnly[0].group, "kysely", "kysely/*", "pg", "pg/*", "@electric-sql/pglite", "@electric-sql/pglite/*"],
              message: "Renderers render what the domain read: they never reach the database.",
            },
            {
              group: ["~/domain/**/*.server", "**/domain/**/*.server"],
              allowTypeImports: true,
              message: "Renderers take what a domain use-case read (its types), not the use-case: the web layer calls it.",
            },
            {
              group: ["~/web/*", "**/web/*", "~/routes/*", "**/routes/*"],
              message: "The web layer and the routes call the renderers, not the other way.",
            },
            { group: ["@remix-run/*"], message: "Renderers know nothing of Remix: the web layer answers the request." },
            { group: ["~/jobs/*", "../jobs/*", "pg-boss"], message: "Renderers render; they never reach the job engine." },
            mailOnly,
          ],
        },
      ],
    },
  },
  {
    // The job engine's room (decision 0037): the only code that knows pg-boss. Like db/, it sits below the
    // domain: the domain sends jobs through it, server/workers.ts says which use-case each queue runs.
    files: ["app/jobs/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/domain/*", "**/domain/*", "~/web/*", "**/web/*", "~/routes/*", "**/routes/*", "~/components/*", "**/components/*"],
              message: "The job engine is below the domain: which use-case a queue runs belongs in server/workers.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    // The email's frame and its sending (issue 17): below the domain, like app/jobs. The domain hands it a
    // notice already in words (app/domain/notifications/message.ts) and sends through it; it knows i18n,
    // the log and nodemailer, never the domain, the database, the web layer or the pages.
    files: ["app/mail/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "~/domain/*",
                "**/domain/*",
                "~/web/*",
                "**/web/*",
                "~/routes/*",
                "**/routes/*",
                "~/components/*",
                "**/components/*",
                "~/published/*",
                "**/published/*",
                "~/jobs/*",
                "**/jobs/*",
              ],
              message: "app/mail is below the domain: it renders and sends what the domain gives it.",
            },
            {
              group: [...serverOnly[0].group, "kysely", "kysely/*", "pg", "pg/*", "pg-boss"],
              message: "app/mail never reaches the database: the domain does.",
            },
          ],
        },
      ],
    },
  },
  {
    // pg-boss is reached through app/jobs only, so a move to another engine touches one folder.
    files: ["app/**", "server/**", "db/**", "bench/**", "scripts/**"],
    // Those with their own rules above and below, which name pg-boss too.
    ignores: [
      "app/jobs/**",
      "app/mail/**",
      "app/domain/**",
      "app/web/**",
      "app/published/**",
      "app/routes/**",
      "app/components/**",
      "app/root.tsx",
      "app/entry.client.tsx",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "pg-boss", message: "Use the job engine through app/jobs." },
            { name: "nodemailer", message: mailOnly.message },
          ],
        },
      ],
    },
  },
  {
    files: ["app/routes/**", "app/root.tsx", "app/entry.client.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: serverOnly }] },
  },
  {
    files: ["app/components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...serverOnly,
            {
              group: ["~/published/*", "**/published/*"],
              message: "Components are below the renderers of published documents: the renderers use them.",
            },
          ],
        },
      ],
    },
  },
);
