// Builds the SDK bundles the server embeds, reproducibly (pinned esbuild, no timestamps):
//   sdk/dist/tweblive.js      IIFE, sets window.TWebLive
//   sdk/dist/tweblive.esm.js  ES module, `import TWebLive from '/sdk/tweblive.esm.js'`
// `node sdk/build.mjs --check` rebuilds in memory and fails if dist/ differs (run by the
// test command, so the embedded files always match their sources).
import { build } from 'esbuild';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const check = process.argv.includes('--check');
const banner = '/* liveroom TWebLive-compatible SDK. Built by web/sdk/build.mjs; do not edit. */';
const targets = [
  { entry: 'src/global.js', out: 'dist/tweblive.js', format: 'iife' },
  { entry: 'src/index.js', out: 'dist/tweblive.esm.js', format: 'esm' },
];

let stale = [];
await mkdir(here + 'dist', { recursive: true });
for (const t of targets) {
  const result = await build({
    entryPoints: [here + t.entry],
    // The source paths in the output (comments) do not depend on the cwd: the bundles are
    // the same whether built from the repository's root or from web/.
    absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
    bundle: true,
    format: t.format,
    target: 'es2020',
    minify: false,
    legalComments: 'inline',
    banner: { js: banner },
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const path = here + t.out;
  if (check) {
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current !== code) stale.push(t.out);
  } else {
    await writeFile(path, code);
    console.log(`wrote ${t.out} (${code.length} bytes)`);
  }
}
if (stale.length) {
  console.error(`stale: ${stale.join(', ')} — run: node web/sdk/build.mjs`);
  process.exit(1);
}
