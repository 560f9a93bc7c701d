#!/usr/bin/env node
// The `docket` binary (copied to dist/cli/main.js by scripts/build.mjs). It runs the bundled CLI,
// dist/cli/docket.js, with V8's code cache from dist/cli/docket.cache: compiling the bundle is a large
// share of a command's start, and the cache skips most of it. A cache that does not fit this Node is
// rejected by V8 and the bundle compiles as usual. (The bundle uses require() only: an import() run
// from a cached script has no module loader to call.)
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'docket.js');
const cacheFile = join(__dirname, 'docket.cache');

// The bundle is already wrapped as Node wraps a CommonJS module: (function (exports, require, …) {…}).
// --debug maps stacks to src/ (source-maps.cjs) and skips the cache, which names the folder it was made in.
const debug = process.argv.includes('--debug');
if (debug) require('./source-maps.cjs')(file);
const source = readFileSync(file, 'utf8');
let cachedData;
try {
  cachedData = debug ? undefined : readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(source, { filename: file, cachedData });
// The build runs one command with this set, so the cache holds the functions a command compiles.
if (process.env.DOCKET_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, __dirname);
