#!/usr/bin/env bash
# Installs what backcoach needs to build and test on Debian 12. Idempotent:
# packages already present are left alone, so a second run is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev nlohmann-json3-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format
  wasi-libc libc++-14-dev-wasm32 libc++abi-14-dev-wasm32 libclang-rt-14-dev-wasm32 lld
  libsqlite3-dev libpqxx-dev libpq-dev libsodium-dev libmicrohttpd-dev
  postgresql postgresql-common
  curl python3 python3-icalendar wrk nginx-light sqlmap e2fsprogs
  chromium fonts-dejavu-core ffmpeg opencv-doc
  libcairo2-dev libexpat1-dev zlib1g-dev poppler-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The web app builds with Node.js 20 or later and npm. Use the ones already on
# the machine when they are new enough; Debian's own nodejs is older and only
# a fallback for a machine that has none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Installing: nodejs npm"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
  echo "install-deps: Node.js $(node --version) is too old for the web app; install Node.js 20 or later" >&2
  exit 1
fi
