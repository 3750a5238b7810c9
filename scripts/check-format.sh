#!/usr/bin/env bash
# Checks that every C++ file is formatted as .clang-format says; prints the
# files that are not, and how to fix them. Exits 77 (CTest's "skipped") when
# clang-format is not installed.
#
#   bash scripts/check-format.sh        # check
#   bash scripts/check-format.sh --fix  # reformat in place
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "SKIP: clang-format is not installed (apt-get install clang-format)"
  exit 77
fi
mapfile -t files < <(find src fuzz bench -name '*.cc' -o -name '*.h' | sort)
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One run for all files; its warnings start with the file's name.
if ! report=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  grep -o '^[^:]*\.\(cc\|h\):' <<<"$report" | sort -u | sed 's/:$//; s/^/not formatted: /'
  echo "run: bash scripts/check-format.sh --fix"
  exit 1
fi
echo "format: ${#files[@]} files as .clang-format says"
