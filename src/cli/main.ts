// The CLI's entry: bundled by scripts/build.mjs into dist/cli/docket.js, which the `docket` binary
// (dist/cli/main.js, from scripts/cli-loader.cjs) runs. Kept tiny: commands load when they run.
import { writeErr } from './output.js';
import { run } from './program.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    writeErr(`docket: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
