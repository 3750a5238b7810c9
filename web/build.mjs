// Builds the web app into dist/: one minified JS bundle and one CSS file, both
// with a content hash in their names (the server caches /assets/ for a year),
// and an index.html that names them. Nothing is loaded from another site.
// The camera coach (src/coach/) is a chunk of its own, loaded only when a
// person asks for it, with the files it needs beside the app: the MoveNet
// Lightning pose model and the BlazeFace face detector that counts people
// (models/), TensorFlow.js's WebAssembly (tfjs/), the
// motion analysis (wasm/motion.wasm, scripts/build-wasm.sh). Each exercise's
// motion definition comes with its card from the API.
// Beside every file that compresses, a gzip (x.gz) and a brotli (x.br)
// variant, written here once so that the server, which reads dist/ into
// memory at start, only chooses between them (docs/http.md).
//
//   node build.mjs           build once and print the sizes
//   node build.mjs --watch   rebuild on change (index.html is rewritten each time)
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, 'src');
const dist = join(here, 'dist');
const watch = process.argv.includes('--watch');

// Formats that are compressed already: a variant would only add bytes.
const COMPRESSED = new Set(['.png', '.jpg', '.jpeg', '.webp', '.woff2', '.ico', '.gz', '.br']);

function gzip(bytes) { return gzipSync(bytes, { level: 9 }); }

function brotli(bytes) {
  return brotliCompressSync(bytes, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
}

// Writes x.gz and x.br beside every file of dir (recursively) that they make
// smaller.
function writeVariants(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { writeVariants(path); continue; }
    if (!entry.isFile() || COMPRESSED.has(extname(entry.name))) continue;
    const bytes = readFileSync(path);
    for (const [suffix, compress] of [['.gz', gzip], ['.br', brotli]]) {
      const packed = compress(bytes);
      if (packed.length < bytes.length) writeFileSync(path + suffix, packed);
    }
  }
}

// The outputs a page loads with `file`: it and, recursively, the chunks it
// imports statically (not those it imports on demand).
function staticClosure(metafile, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of metafile.outputs[file].imports || []) {
    if (i.kind === 'import-statement' && !i.external) staticClosure(metafile, i.path, seen);
  }
  return seen;
}

// The camera coach's files: where each comes from, and where it goes in dist/.
const COACH_FILES = [
  ['node_modules/@vladmandic/human/models/movenet-lightning.json', 'models/movenet-lightning.json'],
  ['node_modules/@vladmandic/human/models/movenet-lightning.bin', 'models/movenet-lightning.bin'],
  ['node_modules/@vladmandic/human/models/blazeface.json', 'models/blazeface.json'],
  ['node_modules/@vladmandic/human/models/blazeface.bin', 'models/blazeface.bin'],
  ['node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs/tfjs-backend-wasm.wasm'],
  ['node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs/tfjs-backend-wasm-simd.wasm'],
  ['wasm/motion.wasm', 'wasm/motion.wasm'],
];

// Copies the coach's files into dist/. Returns whether they are all there;
// when one is missing the app is built without the camera coach's files.
function coachFiles() {
  for (const [from, to] of COACH_FILES) {
    if (!existsSync(join(here, from))) {
      console.warn(`build: ${from} is missing (scripts/build-web.sh builds it): the camera coach is left out`);
      return false;
    }
    mkdirSync(dirname(join(dist, to)), { recursive: true });
    copyFileSync(join(here, from), join(dist, to));
  }
  return true;
}

// Writes index.html and the compressed variants, and prints what a first
// visit downloads and what the camera coach adds.
function finish(metafile) {
  const outputs = Object.keys(metafile.outputs).filter((f) => !f.endsWith('.map'));
  const js = outputs.find((f) => metafile.outputs[f].entryPoint && f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  const page = readFileSync(join(src, 'index.html'), 'utf8')
    .replace('%CSS%', '/assets/' + basename(css))
    .replace('%JS%', '/assets/' + basename(js));
  writeFileSync(join(dist, 'index.html'), page);
  copyFileSync(join(src, 'icon.svg'), join(dist, 'icon.svg'));
  const coach = coachFiles();
  writeVariants(dist);
  const brotliSize = (file) => readFileSync(join(here, file + '.br')).length;
  let total = 0;
  const first = [...staticClosure(metafile, js), css];
  for (const file of first) {
    const bytes = readFileSync(join(here, file)).length;
    const gz = readFileSync(join(here, file + '.gz')).length;
    const br = readFileSync(join(here, file + '.br')).length;
    total += br;
    console.log(`${basename(file).padEnd(28)} ${String(bytes).padStart(7)} B, ${gz} B gzip, ${br} B brotli`);
  }
  console.log(`first load: ${(total / 1024).toFixed(1)} KiB of JS+CSS as served with brotli (budget 100 KB)`);
  const lazy = outputs.filter((f) => f.endsWith('.js') && !first.includes(f));
  const lazyBytes = lazy.reduce((sum, f) => sum + brotliSize(f), 0);
  const served = (to) => {
    const path = join(dist, to);
    return existsSync(path + '.br') ? readFileSync(path + '.br').length : readFileSync(path).length;
  };
  const files = coach ? COACH_FILES.filter(([, to]) => !to.endsWith('tfjs-backend-wasm.wasm')) : [];
  const fileBytes = files.reduce((sum, [, to]) => sum + served(to), 0);
  console.log(`camera coach (on demand): ${(lazyBytes / 1024).toFixed(1)} KiB of JS and ${(fileBytes / 1024).toFixed(1)} KiB of model and WebAssembly as served with brotli`);
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
  splitting: true,  // the camera coach is a chunk loaded on demand
  chunkNames: '[name]-[hash]',
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
