#!/usr/bin/env bash
# Rewrites every golden file from the current code: renderer outputs, the access diff,
# stacks/schema.json, the generated rule docs pages (docs/rules/<ID>.md), the generated doc tables
# and the README rule table. The tests that compare against them rewrite them instead when
# UPDATE_GOLDEN=1. Extra arguments go to `dotnet test` (e.g. --filter ...).
# Review the resulting `git diff` like code: an unexplained golden change is a review blocker.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
UPDATE_GOLDEN=1 dotnet test Infra.Core.slnf -nologo -v:q "$@"
git status --short -- '*/Golden/*' stacks/schema.json docs README.md
