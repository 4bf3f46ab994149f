#!/usr/bin/env bash
# Rewrites every golden file from the current code: expected outputs of renderers and the access
# diff, the generated rule docs pages (docs/rules/<ID>.md) and the README rule table. Tests that
# compare against golden files rewrite them instead when UPDATE_GOLDEN=1.
# Review the resulting `git diff` like code: an unexplained golden change is a review blocker.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GOLDEN=1 dotnet test Infra.Core.slnf -nologo -v:q
git status --short -- '*/Golden/*' docs/rules README.md
