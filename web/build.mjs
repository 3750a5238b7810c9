// Builds the web app into dist/: one minified JS bundle and one CSS file, both
// with a content hash in their names (the server caches /assets/ for a year),
// and an index.html that names them. Nothing is loaded from another site.
//
//   node build.mjs           build once and print the sizes
//   node build.mjs --watch   rebuild on change (index.html is rewritten each time)
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const watch = process.argv.includes('--watch');

// Writes index.html and prints what a first visit downloads, compressed.
function finish(metafile) {
  const outputs = Object.keys(metafile.outputs).filter((f) => !f.endsWith('.map'));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const page = readFileSync(join(src, 'index.html'), 'utf8')
    .replace('%CSS%', '/assets/' + basename(css))
    .replace('%JS%', '/assets/' + basename(js));
  writeFileSync(join(dist, 'index.html'), page);
  copyFileSync(join(src, 'icon.svg'), join(dist, 'icon.svg'));
  let total = 0;
  for (const file of [js, css]) {
    const bytes = readFileSync(join(here, file));
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    console.log(`${basename(file).padEnd(28)} ${String(bytes.length).padStart(7)} B, ${gz} B gzip`);
  }
  console.log(`first load: ${(total / 1024).toFixed(1)} KiB of compressed JS+CSS (budget 100 KB)`);
}

const options = {
  entryPoints: { app: join(src, 'main.js') },
  bundle: true,
  minify: !watch,
  format: 'esm',
  target: ['es2020'],
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [{
    name: 'index-html',
    setup(build) {
      build.onEnd((result) => { if (result.metafile) finish(result.metafile); });
    },
  }],
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });
if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log('watching src/ ...');
} else {
  await esbuild.build(options);
}
