// Runs the calls of cases.json in Extism's own JavaScript host (@extism/extism under node) and
// writes what each gave to src/test/resources/extism/expected.json, which ExtismDifferentialTest
// compares with flink-wasm's results. Run by build.sh when node is present:
//   node udf-samples/extism/differential.mjs [--check] [--cases FILE --out FILE]
// --check: compare with the file instead of writing it (exit 1 on a difference).
// --cases/--out: other calls (such as plugins built with other PDKs, wasm paths absolute), whose
// expected outputs ExtismDifferentialTest also checks when EXTISM_EXTRA_CASES names the cases file
// (the outputs beside it, FILE with .json replaced by .expected.json).
import createPlugin from '@extism/extism';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : resolve(process.argv[i + 1]);
};
const cases = JSON.parse(readFileSync(option('--cases', resolve(here, 'cases.json')), 'utf8'));
const target = option('--out', resolve(root, 'src/test/resources/extism/expected.json'));
const quiet = { info() {}, debug() {}, warn() {}, error() {}, trace() {}, log() {} };

const results = [];
for (const p of cases.plugins) {
  const data = readFileSync(resolve(root, p.wasm));
  const plugin = await createPlugin({ wasm: [{ data }], config: p.config },
    { useWasi: true, logger: quiet, config: p.config }); // 1.0.3 reads the config from the options, not the manifest
  const calls = [];
  for (const [fn, input] of p.calls) {
    try {
      const out = await plugin.call(fn, input);
      const bytes = out === null ? new Uint8Array(0) : out.bytes();
      calls.push({ function: fn, input, output: Buffer.from(bytes).toString('base64') });
    } catch (e) {
      const message = String(e && e.message ? e.message : e);
      const prefix = 'Plugin-originated error: ';
      calls.push({
        function: fn,
        input,
        error: message,
        ...(message.startsWith(prefix) ? { plugin_message: message.slice(prefix.length) } : {}),
      });
    }
  }
  await plugin.close();
  results.push({ name: p.name, calls });
}

const text = JSON.stringify({ host: '@extism/extism 1.0.3', node: process.version, plugins: results }, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const before = existsSync(target) ? readFileSync(target, 'utf8') : '';
  const strip = (s) => s.replace(/"node": "[^"]*"/, '');
  if (strip(before) !== strip(text)) {
    console.error(`differential.mjs: ${target} is out of date; run node udf-samples/extism/differential.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
const n = results.reduce((a, p) => a + p.calls.length, 0);
console.error(`differential.mjs: ${results.length} plugins, ${n} calls in Extism's JavaScript host -> ${target}`);
