/**
 * The pack's entry point (package.json "main"): starts the compiled pack in bin/ when it is up to date
 * with the sources, else the TypeScript sources in index.ts. See scripts/compiled-pack.js for why.
 * Plain JavaScript on purpose: the engine waits for the analyzer before it runs the program.
 */
"use strict";
const { packEntry } = require("./scripts/compiled-pack");

require(packEntry(__dirname).entry);
