// ESLint for frontend/src: TypeScript's recommended rules plus the boundaries of the layout.
//
//   src/features/<a>   may not import src/features/<b> (nor src/app)
//   src/components, src/lib, src/api, src/types   may not import src/features or src/app
//   src/app            composes features (router, layout, screens that combine features)
//
// and no import cycles anywhere; zod is imported only through src/lib/zod.ts, which configures it.
import { readdirSync } from "node:fs";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import importPlugin from "eslint-plugin-import";
import tseslint from "typescript-eslint";

const features = readdirSync(new URL("./src/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const featureZones = features.map((name) => ({
  target: `./src/features/${name}`,
  from: "./src/features",
  except: [`./${name}`],
  message: "Features never import each other: move the shared piece to src/components, src/lib or src/api, or compose both in src/app.",
}));

const sharedLayers = ["./src/components", "./src/lib", "./src/api", "./src/types"];

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "src/types/api.gen.ts"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [js.configs.recommended, tseslint.configs.recommended, importPlugin.flatConfigs.typescript],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
    },
    settings: {
      "import/resolver": {
        typescript: { project: "./tsconfig.app.json" },
      },
    },
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            ...featureZones,
            {
              target: "./src/features",
              from: "./src/app",
              message: "Features never import the app: compose features in src/app instead.",
            },
            {
              target: sharedLayers,
              from: ["./src/features", "./src/app"],
              message: "Shared code (components, lib, api, types) never imports features or the app.",
            },
          ],
        },
      ],
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-unresolved": "error",
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "zod", message: "Import zod from @/lib/zod, which configures it before any schema is made." }],
          patterns: [{ group: ["zod/*"], message: "Import zod from @/lib/zod, which configures it before any schema is made." }],
        },
      ],
    },
  },
  {
    // The one module that imports zod itself, to configure it.
    files: ["src/lib/zod.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
