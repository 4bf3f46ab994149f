#!/usr/bin/env bash
# Mutation testing of part of the core (access/) with Stryker.NET, on a throw-away worktree.
#
#   scripts/mutation.sh [--tests FOLDERS] [--filter EXPR] [--out DIR] PATH...
#
# PATH: folders or files under access/ to mutate (access/Matrix, access/Diff/DiffSide.cs).
# --tests: comma-separated folders of tests/Infra.Access.Tests to keep (Diff,Golden,Queries); the
#   others are left out of the test assembly, which starts faster for each mutant. Default: all.
# --filter: a `dotnet test` filter naming the tests to run against each mutant (default: all the
#   kept tests). A score measured with fewer tests is a lower bound: the tests left out can only kill more.
# --out: where the reports go (default artifacts/mutation/<first PATH's name>).
#
# Why a worktree with `// Stryker disable all` on every other file: Stryker.NET places every mutant of
# the project in the assembly it tests and records each one during coverage capture; its `mutate`
# globs only choose which mutants are then tested. With ~14,000 mutants in access/, the tested
# assembly runs several times slower than the real one and coverage capture alone takes 7 minutes.
# A mutant disabled by comment is never placed. The worktree is of HEAD (commit first), so the
# repository itself is never edited.
set -euo pipefail

usage() { sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; }

filter=""
out=""
tests=""
paths=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) [ $# -ge 2 ] || { echo "mutation.sh: --filter needs a value" >&2; exit 2; }; filter="$2"; shift 2 ;;
    --tests) [ $# -ge 2 ] || { echo "mutation.sh: --tests needs a value" >&2; exit 2; }; tests="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "mutation.sh: --out needs a value" >&2; exit 2; }; out="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "mutation.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) paths+=("${1%/}"); shift ;;
  esac
done
[ ${#paths[@]} -gt 0 ] || { echo "mutation.sh: name at least one folder or file under access/ to mutate" >&2; usage >&2; exit 2; }

root="$(git rev-parse --show-toplevel)"
cd "$root"
for p in "${paths[@]}"; do
  case "$p" in access/*) ;; *) echo "mutation.sh: $p is not under access/" >&2; exit 2 ;; esac
  [ -e "$p" ] || { echo "mutation.sh: $p does not exist" >&2; exit 2; }
done
out="${out:-artifacts/mutation/$(basename "${paths[0]}" .cs)}"
case "$out" in /*) ;; *) out="$root/$out" ;; esac

work="$(mktemp -d "${TMPDIR:-/tmp}/access-mutation.XXXXXX")"
cleanup() { git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --detach "$work/tree" HEAD >/dev/null 2>&1

# Every C# file of access/ outside PATH gets the comment; bin/ and obj/ are not in a fresh worktree.
mutate=()
kept=0
while IFS= read -r -d '' file; do
  rel="${file#"$work/tree/"}"
  inside=false
  for p in "${paths[@]}"; do
    case "$rel" in "$p" | "$p"/*) inside=true ;; esac
  done
  if $inside; then
    kept=$((kept + 1))
  else
    printf '// Stryker disable all\n' | cat - "$file" > "$file.tmp" && mv "$file.tmp" "$file"
  fi
done < <(find "$work/tree/access" -name '*.cs' -print0)
[ "$kept" -gt 0 ] || { echo "mutation.sh: no C# file under ${paths[*]}" >&2; exit 2; }
# The test folders not kept; a test file outside every folder (StackSmokeTests.cs) goes with them.
if [ -n "$tests" ]; then
  IFS=, read -r -a keep <<< "$tests"
  for k in "${keep[@]}"; do
    [ -d "tests/Infra.Access.Tests/$k" ] || { echo "mutation.sh: tests/Infra.Access.Tests/$k is not a folder" >&2; exit 2; }
  done
  for entry in "$work/tree/tests/Infra.Access.Tests/"*; do
    name="$(basename "$entry")"
    case "$name" in *.csproj | Fixtures) continue ;; esac
    if [ -d "$entry" ] && printf '%s\n' "${keep[@]}" | grep -qxF "$name"; then continue; fi
    if [ -d "$entry" ] || [ "${name##*.}" = cs ]; then rm -rf "$entry"; fi
  done
fi

for p in "${paths[@]}"; do
  if [ -d "$p" ]; then mutate+=("**/${p#access/}/**/*.cs"); else mutate+=("**/${p#access/}"); fi
done

# Written by node (which the score needs anyway) so that quotes or backslashes in a filter stay valid JSON.
config="$work/stryker-config.json"
MUTATE="$(printf '%s\n' "${mutate[@]}")" FILTER="$filter" node -e '
  const config = {
    project: "Infra.Access.csproj",
    mutate: process.env.MUTATE.split("\n").filter(Boolean),
    concurrency: 2,
    "mutation-level": "Standard",
    reporters: ["dots", "cleartext", "html", "json"],
    thresholds: { high: 90, low: 85, break: 0 },
    "additional-timeout": 10000,
  };
  if (process.env.FILTER) config["test-case-filter"] = process.env.FILTER;
  process.stdout.write(JSON.stringify({ "stryker-config": config }, null, 2) + "\n");
' > "$config"

echo "mutation.sh: mutating ${paths[*]} ($kept files) on a worktree of $(git rev-parse --short HEAD) in $work/tree"
(cd "$work/tree" && dotnet tool restore >/dev/null)
if [ -d tests/oracles/node_modules ]; then
  ln -s "$root/tests/oracles/node_modules" "$work/tree/tests/oracles/node_modules"
fi
(cd "$work/tree/tests/Infra.Access.Tests" && dotnet dotnet-stryker --config-file "$config" --output "$work/stryker")

mkdir -p "$out"
cp "$work/stryker/reports/"* "$out/"
node "$root/scripts/mutation-score.js" "$out/mutation-report.json"
echo "mutation.sh: reports in $out"
