// Lint configuration (flat config): typescript-eslint's strict and stylistic rule sets with type information,
// over every TypeScript file the two tsconfigs compile (the project's and the policy pack's).
// Formatting is Prettier's job (.prettierrc), so no formatting rules here.
import eslint from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "dist/**",
      "policies/bin/**",
      // Pulumi programs run by the e2e tests and benchmarks: fixtures compiled by the engine, not by our tsconfig.
      "tests/e2e/**/programs/**",
      "tests/leaks/programs/**",
      "bench/*/program/**",
      "tests/support/fixtures/**",
    ],
  },
  eslint.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Numbers and booleans print unambiguously in a message; objects, nullish and unknown values still do not pass.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // `async` on a method that implements a Promise-returning interface turns a synchronous throw into a rejection,
      // which callers' `.catch`/`await` handle; dropping `async` to satisfy this rule would change error behaviour.
      "@typescript-eslint/require-await": "off",
      // `x => doSomething(x)` as a callback returning void is idiomatic; a void value in a statement position still fails.
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Detection spreads strings on purpose: `[...text]` walks code points, and secrets are compared code point by code point.
      "@typescript-eslint/no-misused-spread": ["error", { allow: ["string"] }],
      // Without `noUncheckedIndexedAccess`, `record[key]` and parsed JSON/HTTP bodies are typed as always present, so this
      // rule asks to delete exactly the guards that make those lookups safe at run time (SARIF input, axios errors,
      // Record lookups). Turning on `noUncheckedIndexedAccess` and then this rule is the real fix: a tree-wide change.
      "@typescript-eslint/no-unnecessary-condition": "off",
      // `||` on strings is deliberate where an empty environment variable or query parameter means "not set".
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
      // Passing a caught `unknown` on to `reject` is the promise form of rethrowing it, which TypeScript allows too.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingUnknown: true }],
      // A leading underscore marks a value that is deliberately unused (a dropped field in a rest destructuring, an
      // interface parameter an implementation does not need).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    // A test that dereferences a value it expects makes the test fail right there, which is what a `!` asserts.
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      // Tests set and restore environment variables by name (`delete process.env[name]`).
      "@typescript-eslint/no-dynamic-delete": "off",
      // Test doubles stand in for class instances (`{ read, write } as unknown as FileStore`).
      "@typescript-eslint/no-unsafe-class-instance-assignment": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: globals.node, sourceType: "commonjs" },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { sourceType: "module" },
  },
);
