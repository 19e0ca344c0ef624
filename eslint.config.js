import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import importX from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

// Import boundaries (docs/decisions/0014). The Stripe emulator is a separate package that
// the app reaches only over HTTP; the demo area (app/demo) is apart from the domain.
const EMULATOR = {
  group: [
    "@portal/stripe-emulator",
    "@portal/stripe-emulator/*",
    "**/packages/stripe-emulator",
    "**/packages/stripe-emulator/**",
  ],
  message:
    "The app reaches the Stripe emulator only over HTTP through stripe-node (the demo runs it as a process): import nothing from it.",
};
// The same for import(): no-restricted-imports sees only static imports.
const dynamicImport = (pattern, message) => ({
  selector: `ImportExpression[source.value=${pattern}]`,
  message,
});
const EMULATOR_DYNAMIC = dynamicImport(
  "/@portal.stripe-emulator|packages.stripe-emulator/",
  "The app reaches the Stripe emulator only over HTTP: import() nothing from it.",
);
const DEMO_DYNAMIC = dynamicImport(
  "/(^|[^\\w.-])demo[^\\w-]/",
  "Demo-only code stays in app/demo: models, services and lib must not import() it.",
);
const DEMO = {
  group: ["~/demo", "~/demo/*", "**/demo/*"],
  message: "Demo-only code stays in app/demo: models, services and lib must not depend on it.",
};

const layer = (name, group, message) => ({ group, message: `${name}: ${message}` });
const LAYER = {
  server: layer(
    "lib is pure",
    ["~/utils/*", "**/utils/*.server", "**/db/*", "~/server/*"],
    "no database, env or server infrastructure in app/lib.",
  ),
  models: layer(
    "lib is pure",
    ["~/models/*", "**/models/*"],
    "app/lib may not import the domain models.",
  ),
  services: layer(
    "lib is pure",
    ["~/services/*", "**/services/*"],
    "app/lib may not import the outside world's adapters.",
  ),
  workers: layer(
    "layers",
    ["~/workers/*", "**/workers/*"],
    "only the CLI, the server and the demo start workers.",
  ),
  routes: layer(
    "layers",
    ["~/routes/*", "**/routes/*"],
    "nothing imports a route: shared logic goes in a model.",
  ),
};

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "node_modules/",
      "data/",
      ".cache/",
      "test-results/",
      "playwright-report/",
      "tests/.tmp/",
      "tests/bench/stock-remix/build/",
      "tests/bench/stock-remix/public/build/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // No import cycles in the app and the schema (ADR 0016). Only our own modules are
    // followed (ignoreExternal), which keeps the rule cheap.
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      // One lint run: parsed modules stay cached for the run (the default expires them after 30 s).
      "import-x/cache": { lifetime: Infinity },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: ["db/**", "tests/**", "app/cli/**", "app/server/**", "app/demo/**", "*.config.*"],
    rules: { "no-console": "off" },
  },
  {
    files: ["app/**", "db/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [EMULATOR] }],
      "no-restricted-syntax": ["error", EMULATOR_DYNAMIC],
    },
  },
  {
    // The package stands alone: nothing from the app it emulates Stripe for.
    files: ["packages/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/*", "**/app/**", "**/db/**", "**/tests/**"],
              message: "A workspace package imports nothing from the portal.",
            },
          ],
        },
      ],
    },
  },
  {
    // Components run in the browser, where the compiler empties every .server module: a value
    // imported from one is undefined there (the team page once said "for  days"). Types
    // only; values reach a component as loader data.
    files: ["app/components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/*.server", "~/**/*.server"],
              allowTypeImports: true,
              message:
                "components run in the browser: import only types from .server modules, pass values as loader data.",
            },
          ],
        },
      ],
    },
  },
  // Layers (README, architecture): lib is pure, models are the domain, routes and workers
  // sit on top of them. Each folder lists what it may not import.
  ...[
    ["app/lib/**", [LAYER.server, LAYER.models, LAYER.services, LAYER.workers, LAYER.routes]],
    ["app/models/**", [LAYER.routes, LAYER.workers]],
    ["app/services/**", [LAYER.routes, LAYER.workers]],
    ["app/workers/**", [LAYER.routes]],
  ].map(([files, layers]) => ({
    files: [files],
    rules: {
      "no-restricted-imports": ["error", { patterns: [EMULATOR, DEMO, ...layers] }],
      "no-restricted-syntax": ["error", EMULATOR_DYNAMIC, DEMO_DYNAMIC],
    },
  })),
);
