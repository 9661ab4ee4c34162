#!/usr/bin/env bash
# Installs everything ds-ec2's build, tests and LocalCloud need on a Debian 12 machine. Idempotent.
#   Debian packages: openssh-server, iproute2, iptables, mariadb-server, postgresql (15), openssl, psmisc, curl, tar,
#   tmux (a terminal for the CLI progress-bar test)
#   A project-local Python environment (.venv) with moto[server] pinned (LocalCloud's AWS APIs)
#   Maven dependencies, resolved once so later runs are offline-safe.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
MOTO_VERSION="5.2.3"

need_pkgs=()
for p in sudo openssh-server openssh-client iproute2 iptables mariadb-server mariadb-client postgresql postgresql-client openssl psmisc curl tar procps tmux openjdk-17-jdk-headless maven python3-venv; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need_pkgs+=("$p")
done
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # the package scripts must not start system-wide services; LocalCloud runs its own instances
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi

py="$(command -v python3)"
if [ ! -x "$root/.venv/bin/moto_server" ] || ! "$root/.venv/bin/python" -c "import moto,sys; sys.exit(0 if moto.__version__=='$MOTO_VERSION' else 1)" 2>/dev/null; then
  echo "setup: creating $root/.venv with moto[server]==$MOTO_VERSION"
  "$py" -m venv "$root/.venv"
  "$root/.venv/bin/pip" install -q --upgrade pip >/dev/null
  "$root/.venv/bin/pip" install -q "moto[server]==$MOTO_VERSION"
fi
echo "setup: done (moto $("$root/.venv/bin/python" -c 'import moto; print(moto.__version__)'), $(java -version 2>&1 | head -1), $(mvn -B -v 2>/dev/null | head -1 | sed "s/\x1b\[[0-9;]*m//g"))"
