#!/usr/bin/env bash
# Build timings: one plan and all of plans/, as a cold process (the release binary started
# each time) and in-process (cargo bench --bench build), beside `typst compile` on the same
# generated .typ when typst-cli is installed (`cargo install typst-cli --locked`).
# Run from anywhere: bash benches/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
cargo build --release --quiet
bin=target/release/kehoach
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Median wall time in milliseconds of running "$@" $runs times.
median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

one=plans/135-kh-bcd-can-gio.yaml
echo "cold process (kehoach binary started each run), median of $runs runs:"
echo "  one plan ($one)          $(median_ms "$bin" build --out "$out" "$one") ms"
echo "  all of plans/ ($(ls plans/*.yaml | wc -l) plans, parallel)  $(median_ms "$bin" build --out "$out") ms"

cargo bench --quiet --bench build 2>/dev/null

"$bin" build --out "$out" --to typ "$one" >/dev/null
cp templates/typst/nd30.typ "$out/"
if command -v typst >/dev/null; then
  echo "typst compile ($(typst --version | head -1)), same generated source and fonts, median of $runs runs:"
  echo "  one plan                       $(median_ms typst compile --root "$out" --font-path fonts --ignore-system-fonts --pdf-standard a-2b "$out/135-kh-bcd-can-gio.typ" "$out/typst.pdf") ms"
else
  echo "typst compile: typst-cli is not installed (cargo install typst-cli --locked) — skipped"
fi
