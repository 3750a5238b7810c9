#!/usr/bin/env bash
# Builds the web app into web/dist/ (each file with its gzip and brotli variants,
# which the server reads at start) with the packages pinned in
# web/package-lock.json, and the motion analysis as WebAssembly
# (web/wasm/motion.wasm, scripts/build-wasm.sh). Skips what is already up to
# date, so a second run is quick. Needs Node.js 20 or later and npm, and
# clang 14 with the wasm32-wasi libraries (scripts/install-deps.sh sees to it).
set -euo pipefail
# The motion analysis for the browser (web/wasm/motion.wasm).
bash "$(dirname "$0")/build-wasm.sh"
cd "$(dirname "$0")/../web"

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [[ ! -f dist/index.html ]] ||
  [[ -n "$(find src build.mjs package-lock.json wasm/motion.wasm -newer dist/index.html -print -quit)" ]]; then
  npm run --silent build
fi
