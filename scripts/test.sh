#!/usr/bin/env bash
# Runs every test of ssh-mosh: go vet, then the whole suite with the race
# detector, including the interop tests against real OpenSSH, mosh 1.4.0 and
# tmux. Installs those programs first when they are missing (Debian/Ubuntu).
# With CI=true, an interop test that was skipped fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || missing+=("$2"); }
need mosh-server mosh
need mosh-client mosh
need sshd openssh-server
need ssh openssh-client
need ssh-agent openssh-client
need tmux tmux
need zsh zsh
need fish fish
need ip iproute2
need vim vim
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# mosh-server refuses to start without a UTF-8 locale; C.UTF-8 is always there.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

echo "== go vet"
go vet ./...

echo "== go test -race"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
go test -race -count=1 -timeout 25m -v ./... >"$log" 2>&1 || status=$?
# Show the package verdicts, failures and skips, not every passing subtest;
# for a failure, also the lines that led to it.
grep -E '^(ok|FAIL|panic:|\?)|--- (FAIL|SKIP)' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "== failure details"
  grep -E -B40 -- '--- FAIL|^panic:|^FAIL' "$log" | tail -400
fi

# A skipped interop test names itself with "interop:" just before its
# "--- SKIP" line (testenv.Need fails instead of skipping under CI=true, so
# this catches any test that skips by hand).
if [ "${CI:-}" = "true" ] && grep -E -B5 -- '--- SKIP' "$log" | grep -q 'interop:'; then
  echo "FAIL: an interop test was skipped under CI=true"
  status=1
fi
passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
