#!/usr/bin/env bash
# Rewrites every golden file from the current code: renderer outputs and findings, the access diff,
# stacks/schema.json, the generated rule docs pages (docs/rules/<ID>.md), the generated doc tables
# and the README rule table. The tests that compare against them rewrite them instead when
# UPDATE_GOLDEN=1 (one helper, tests/Infra.Access.Tests/Golden/GoldenFiles.cs, which leaves files
# whose content did not change untouched). Extra arguments go to `dotnet test` (e.g. --filter ...).
# Review the resulting `git diff` like code: an unexplained golden change is a review blocker.
#
# Deterministic: builds once (Release unless CONFIGURATION says otherwise), then runs the test
# projects one after another, so no two of them write the same file at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
configuration="${CONFIGURATION:-Release}"
paths=('*/Golden/*' stacks/schema.json docs README.md)

# A content hash of every golden or generated file, tracked or new, before and after the run.
snapshot() { git ls-files -co --exclude-standard -z -- "${paths[@]}" | xargs -0 -r sha1sum 2>/dev/null | sort -k2; }
before="$(mktemp)"
trap 'rm -f "$before"' EXIT
snapshot >"$before"

# The oracle tests run too; like test.sh, install their npm packages first (they fail, never skip, without them).
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/oracles --no-audit --no-fund >/dev/null 2>&1 || echo "update-golden: 'npm ci --prefix tests/oracles' failed: the oracle tests will fail" >&2
dotnet build Infra.Core.slnf -c "$configuration" -nologo -v:q -clp:ErrorsOnly
status=0
for project in tests/Infra.Access.Tests tests/Infra.Access.Cli.Tests; do
  UPDATE_GOLDEN=1 dotnet test "$project" --no-build -c "$configuration" -nologo -v:q "$@" || status=$?
done

# What this run changed: files written, created or deleted, even ones already modified before it.
changed="$(comm -3 <(sort "$before") <(snapshot | sort) | awk '{print $2}' | sort -u)"
if [ -z "$changed" ]; then
  echo "update-golden: no golden or generated file changed"
else
  echo "update-golden: changed by this run (review with git diff):"
  printf '%s\n' "$changed"
fi
exit "$status"
