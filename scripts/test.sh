#!/usr/bin/env bash
# The test command: installs prerequisites (idempotent), then runs every test of the default run
# (unit tests, moto-backed AWS tests, real-sshd tests and the LocalCloud end-to-end tests).
# Opt-in profiles (-Plive for real AWS, -Pdocker for LocalStack) are not part of it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
cd "$root"
exec mvn -B -ntp verify "$@"
