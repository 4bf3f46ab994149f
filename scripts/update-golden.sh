#!/usr/bin/env bash
# Regenerates every golden file (expected outputs, stacks/schema.json, generated doc tables):
# the tests that compare against them rewrite them instead when UPDATE_GOLDEN=1.
# Review the resulting `git diff`: an unexplained change to a golden file is a review blocker.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
UPDATE_GOLDEN=1 dotnet test Infra.Core.slnf -v:q "$@"
git status --short -- . ':!**/bin/**' ':!**/obj/**' || true
