// Builds the demo app the server embeds and serves at the site root, reproducibly (pinned
// esbuild, no hashes or timestamps):
//   demo/dist/index.html, pusher.html, player.html,   the pages (copied from src/)
//     replay.html, connection-test.html
//   demo/dist/assets/{home,pusher,player,replay,connection-test}.js   one ES module per page
//   demo/dist/assets/chunk-<hash>.js                   modules the pages share, and hls.js
//                                                      (loaded by the replay page only)
//   demo/dist/assets/app.css                           the styles
//   demo/dist/assets/avatars/*.svg                     the built-in avatars
// The SDK is not bundled: pages import it from the server (`/sdk/tweblive.esm.js`), so the
// demo always runs the SDK the server ships. npm libraries (qrcode-generator, and hls.js for
// the replay page: the package and version the SDK bundles) are bundled; nothing is loaded
// from a CDN.
// `node demo/build.mjs --check` rebuilds in memory and fails if dist/ differs (extra,
// missing or changed files), so the embedded files always match their sources.
import { build } from 'esbuild';
import { readFile, writeFile, mkdir, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const check = process.argv.includes('--check');
const banner = '/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */';

const SDK = '/sdk/tweblive.esm.js';
const pages = ['home', 'pusher', 'player', 'replay', 'connection-test'];

/** path (relative to dist) -> content */
const out = new Map();

// One build of every page with code splitting: modules the pages share (chat, the SDK
// loader, qrcode-generator) are emitted once, as chunks the page modules import, instead
// of a copy inside each page. Chunk names carry a content hash, so a rebuild of unchanged
// sources writes the same files.
const pagesBuild = await build({
  entryPoints: pages.map((page) => join(src, `${page}.js`)),
  bundle: true,
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: false,
  legalComments: 'inline',
  banner: { js: banner },
  external: [SDK],
  outdir: join(dist, 'assets'),
  chunkNames: 'chunk-[hash]',
  absWorkingDir: here, // the source paths in the output do not depend on the cwd
  write: false,
  logLevel: 'silent',
});
for (const file of pagesBuild.outputFiles) {
  out.set(`assets/${file.path.split('/').pop()}`, file.text);
}
const css = await build({
  entryPoints: [join(src, 'style.css')],
  bundle: true,
  minify: false,
  banner: { css: banner },
  absWorkingDir: here,
  write: false,
  logLevel: 'silent',
});
out.set('assets/app.css', css.outputFiles[0].text);
for (const name of (await readdir(src)).sort()) {
  if (name.endsWith('.html')) out.set(name, await readFile(join(src, name), 'utf8'));
}
for (const name of (await readdir(join(src, 'avatars'))).sort()) {
  if (name.endsWith('.svg')) out.set(`assets/avatars/${name}`, await readFile(join(src, 'avatars', name), 'utf8'));
}

async function listFiles(dir, prefix = '') {
  const files = [];
  let entries = [];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const e of entries) {
    const rel = prefix + e.name;
    if (e.isDirectory()) files.push(...(await listFiles(join(dir, e.name), rel + '/')));
    else files.push(rel);
  }
  return files;
}

const existing = await listFiles(dist);
if (check) {
  const stale = [];
  for (const [rel, content] of out) {
    const current = await readFile(join(dist, rel), 'utf8').catch(() => null);
    if (current !== content) stale.push(rel);
  }
  for (const rel of existing) if (!out.has(rel)) stale.push(`${rel} (not built from src)`);
  if (stale.length) {
    console.error(`demo/dist is stale: ${stale.join(', ')} — run: node web/demo/build.mjs`);
    process.exit(1);
  }
} else {
  for (const rel of existing) if (!out.has(rel)) await rm(join(dist, rel));
  for (const [rel, content] of out) {
    await mkdir(dirname(join(dist, rel)), { recursive: true });
    await writeFile(join(dist, rel), content);
  }
  console.log(`wrote demo/dist: ${[...out.keys()].join(', ')}`);
}
