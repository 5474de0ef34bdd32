#!/usr/bin/env bash
# Build assets/vendor/plotly-atlas.min.js: plotly.js with only the traces CAM Atlas draws
# (tools/plotly-bundle/entry.js), from the npm package of the plotly.js version that the installed
# plotly Python package bundles. Reproducible: exact versions and integrity hashes come from
# tools/plotly-bundle/package-lock.json (npm ci), esbuild flags are fixed, and the checksum is
# recorded in assets/vendor/plotly-atlas.sha256 (checked by tests/dashboard/test_plotly_bundle.py).
#
# Usage: tools/build_plotly_bundle.sh [python]   (needs node and npm; the npm registry once)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-$repo/.venv/bin/python}"
src="$repo/tools/plotly-bundle"
out="$repo/assets/vendor"

wanted="$("$python" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')"
locked="$(node -p "require('$src/package.json').dependencies['plotly.js']")"
if [ "$wanted" != "$locked" ]; then
  echo "plotly Python bundles plotly.js $wanted but tools/plotly-bundle pins $locked:" >&2
  echo "update package.json, run 'npm install --package-lock-only' there, then rebuild." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$src/package.json" "$src/package-lock.json" "$src/entry.js" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
"$work/node_modules/.bin/esbuild" "$work/entry.js" --bundle --minify --format=iife \
  --global-name=Plotly --define:global=window --define:define.amd=false --target=es2016 \
  --legal-comments=linked --log-level=warning --outfile="$work/plotly-atlas.min.js"

cp "$work/plotly-atlas.min.js" "$out/plotly-atlas.min.js"
cp "$work/plotly-atlas.min.js.LEGAL.txt" "$out/"
cp "$work/node_modules/plotly.js/LICENSE" "$out/plotly.js.LICENSE"
(cd "$out" && sha256sum plotly-atlas.min.js > plotly-atlas.sha256)
echo "plotly.js $wanted -> $out/plotly-atlas.min.js ($(wc -c < "$out/plotly-atlas.min.js") bytes)"
