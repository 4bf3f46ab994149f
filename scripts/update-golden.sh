#!/usr/bin/env bash
# Rewrites every golden file (expected outputs of renderers and the access diff) from the current code.
# Review the resulting `git diff` like code: an unexplained golden change is a review blocker.
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATE_GOLDEN=1 dotnet test Infra.Core.slnf -nologo -v:q
git status --short -- '*/Golden/*'
