#!/usr/bin/env bash
# The one test command (see README): restores and tests every project where the Pulumi packages
# restore. Where NuGet reports ONLY Pulumi packages as not found, it tests the Pulumi-free projects
# (Infra.Core.slnf) and prints a loud notice naming what it skipped. Any other failure fails.
set -euo pipefail
cd "$(dirname "$0")/.."

# With UPDATE_GOLDEN set the golden tests rewrite their files instead of comparing them, so every
# one of them would pass whatever the code does: the test command refuses to run that way.
if [ -n "${UPDATE_GOLDEN+set}" ]; then
  echo "test.sh: UPDATE_GOLDEN is set (to '${UPDATE_GOLDEN}'): golden tests would rewrite, not compare." >&2
  echo "test.sh: unset it to test; run ./scripts/update-golden.sh to regenerate golden files." >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration="${CONFIGURATION:-Release}"
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

target="Infra.sln"
skipped=""
if ! dotnet restore Infra.sln >"$log_dir/restore.log" 2>&1; then
  # NU1101: no such package; NU1102/NU1103: no such version. Only those, and only for Pulumi packages, mean "skip".
  errors="$(grep -E ': error ' "$log_dir/restore.log" | sort -u || true)"
  other="$(printf '%s\n' "$errors" | grep -vE 'error NU110[123]: .*Pulumi' | grep -v '^$' || true)"
  if [ -z "$errors" ] || [ -n "$other" ]; then
    cat "$log_dir/restore.log" >&2
    echo "test.sh: restore failed for a reason other than missing Pulumi packages" >&2
    exit 1
  fi
  missing="$(printf '%s\n' "$errors" | grep -oE 'package (named )?.?Pulumi[A-Za-z.]*' | grep -oE 'Pulumi([A-Za-z.]*[A-Za-z])?' | sort -u | tr '\n' ' ')"
  # Every project of the solution outside the Pulumi-free filter depends on Pulumi and is skipped.
  skipped="$(comm -23 <(dotnet sln Infra.sln list | grep -E '\.csproj$' | xargs -n1 basename | sort) \
                      <(grep -oE '[A-Za-z.]+\.csproj' Infra.Core.slnf | sort) | tr '\n' ' ')"
  target="Infra.Core.slnf"
  cat <<NOTICE
################################################################################
#  NOTICE: the Pulumi packages cannot be restored here (${missing% }).
#  SKIPPED (not built, not tested): ${skipped% }
#  Testing the Pulumi-free projects only (Infra.Core.slnf). Where the public NuGet
#  gallery is reachable, this same command builds and tests every project.
################################################################################
NOTICE
  dotnet restore "$target" >"$log_dir/restore-core.log" 2>&1 || { cat "$log_dir/restore-core.log" >&2; exit 1; }
fi

# Oracles (tests/oracles): HashiCorp's HCL parser, from npm, reads the rendered Vault policies;
# the `yaml` package (the editors' YAML 1.2 reader) reads the definitions beside the loader.
# Node is required; if the install fails, the oracle tests fail (they never skip). mermaid-cli's
# puppeteer must not fetch a browser at install: the tests drive Debian's chromium (below).
export PUPPETEER_SKIP_DOWNLOAD=1
if ! npm ci --prefix tests/oracles --no-audit --no-fund >"$log_dir/npm.log" 2>&1; then
  cat "$log_dir/npm.log" >&2
  echo "test.sh: 'npm ci --prefix tests/oracles' failed: the Vault oracle tests will fail" >&2
fi

# Chromium (Debian's package, /usr/bin/chromium) renders diagrams and pages in tests. A fresh CI
# machine (root, Debian/Ubuntu) gets it from apt here; test tools never download their own browser
# (PUPPETEER_SKIP_DOWNLOAD, exported above, before the npm install).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: /usr/bin/chromium is missing: installing Debian's chromium with apt-get (tests render with it)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log_dir/apt.log" 2>&1; then
      cat "$log_dir/apt.log" >&2
      echo "test.sh: 'apt-get install chromium' failed: the tests that render with Chromium will fail" >&2
    fi
  else
    echo "test.sh: /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get):" >&2
    echo "test.sh: install Debian's 'chromium' package; the tests that render with Chromium will fail" >&2
  fi
fi

dotnet build "$target" --no-restore -c "$configuration" -nologo -v:q -clp:ErrorsOnly
set +e
dotnet test "$target" --no-build -c "$configuration" -nologo -v:q 2>&1 | tee "$log_dir/test.log"
status=${PIPESTATUS[0]}
set -e

# One plain closing line over all test projects, for readers and CI alike.
passed=0; failed=0; skipped_tests=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped_tests=$((skipped_tests + s))
done < <(sed -nE 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/p' "$log_dir/test.log")
if [ -n "$skipped" ]; then
  echo "NOTICE: Pulumi projects skipped (packages not restorable here): ${skipped% }"
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped_tests} skipped"
if [ "$status" -ne 0 ] || [ $((passed + failed)) -eq 0 ]; then
  exit 1
fi
