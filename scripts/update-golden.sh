#!/usr/bin/env bash
# Regenerates every golden file (generated docs, README tables, expected outputs): the tests that
# compare against golden files rewrite them instead when UPDATE_GOLDEN=1. Review the diff afterwards:
# an unexplained golden change is a review blocker.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build Infra.Core.slnf -v:q -clp:ErrorsOnly
UPDATE_GOLDEN=1 dotnet test Infra.Core.slnf --no-build -v:q
git status --short -- docs README.md tests stacks
