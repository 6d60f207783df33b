#!/usr/bin/env bash
# The FHIR conformance test (see conformance.js): installs its pinned npm packages when
# package-lock.json changed, then checks the shipped pack (300 answer sets) and the mini test
# pack (every answer type, 60 sets) against the FHIR R4 JSON schema and LHC-Forms.
# Usage: run.sh HAIRCONSULT_CLI SOURCE_DIR
set -euo pipefail
cli="$1"
src="$2"
here="$src/tests/fhir"

node_bin="$(command -v node || command -v nodejs || true)"
[[ -n "$node_bin" ]] || { echo "fhir_conformance: node is missing (scripts/deps --test installs nodejs)" >&2; exit 1; }
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || { echo "fhir_conformance: chromium is missing (scripts/deps --test installs it)" >&2; exit 1; }
command -v npm >/dev/null || { echo "fhir_conformance: npm is missing (scripts/deps --test installs it)" >&2; exit 1; }

# npm ci installs exactly the lock file; lforms' Angular peer dependencies need
# legacy-peer-deps (in .npmrc), and puppeteer-core never downloads a browser.
lock_sum="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
stamp="$here/node_modules/.hairconsult-lock"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "fhir_conformance: npm ci (package-lock.json changed or first run)"
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/hc-fhir.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "== shipped pack"
"$node_bin" "$here/conformance.js" "$cli" "$src/questionnaires/hair-loss" "$work/shipped" --sets 300
echo "== mini pack"
"$node_bin" "$here/conformance.js" "$cli" "$src/tests/packs/mini" "$work/mini" --sets 60 --seed 7
