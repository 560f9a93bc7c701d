// Copied to dist/cli/source-maps.cjs by scripts/build.mjs; the `docket` binary loads it only with
// --debug, before the bundle runs, so that stack traces name the TypeScript sources (src/…) rather
// than columns in a minified bundle. Node maps the files it loads itself once source maps are on
// (server.js), but not code run through vm.Script, which is how the loader runs docket.js: frames
// in it are mapped here, with the map beside it.
'use strict';
const { readFileSync } = require('node:fs');
const { findSourceMap, SourceMap } = require('node:module');
const { dirname, resolve } = require('node:path');
const { fileURLToPath } = require('node:url');

/** Maps the stack frames of `bundle` (an absolute path) and of every file Node loads from now on. */
module.exports = function mapStacks(bundle) {
  process.setSourceMapsEnabled(true);
  let own;
  try {
    own = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')));
  } catch {
    own = undefined; // no map: the stack names the bundle, as without --debug's help
  }
  const mapOf = (file) => (file === bundle ? own : findSourceMap(file));
  const located = (frame) => {
    const text = String(frame);
    const file = frame.getFileName();
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    const map = file && line && column ? mapOf(file) : undefined;
    const entry = map?.findEntry(line - 1, column - 1);
    if (!entry?.originalSource) return text;
    const source = entry.originalSource.startsWith('file:')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(file), entry.originalSource);
    return text.replace(`${file}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
  };
  // Set here, Error.prepareStackTrace takes over from Node's own mapping, so it maps both kinds of file.
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
      head = String(error);
    } catch {
      head = 'Error';
    }
    return [head, ...frames.map((frame) => `    at ${located(frame)}`)].join('\n');
  };
};
