#!/usr/bin/env bash
# The main job: installs prerequisites, builds ds-ec2, starts the LocalCloud (an offline AWS region with real
# SSH hosts, ZooKeeper, MariaDB and the DolphinScheduler 3.2.0 stand-in), and creates a cluster on it with the
# CLI exactly as on AWS, printing the final node table. With real AWS credentials, use examples/cluster-aws.yaml
# and `scripts/ds-ec2 create -f` instead. Tear the LocalCloud down afterwards with `scripts/localcloud down`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./scripts/setup.sh
echo "demo: building ds-ec2" >&2
# Maven 3.8 writes ANSI resets even in batch mode: strip them so the demo's output is plain text
mvn -B -ntp -q -Dstyle.color=never -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
mkdir -p .localcloud
./scripts/localcloud up > .localcloud/endpoints.json
echo "demo: LocalCloud is up: $(tr -d '\n' < .localcloud/endpoints.json | cut -c1-160)..." >&2
python3 - "$root/examples/cluster-localcloud.yaml" .localcloud/endpoints.json > .localcloud/cluster.yaml <<'PY'
import json, re, sys
tpl = open(sys.argv[1]).read()
e = json.load(open(sys.argv[2]))
m = re.match(r"jdbc:mysql://([^:/]+):(\d+)/", e["jdbcUrl"])
e["dbHost"], e["dbPort"] = m.group(1), m.group(2)
e["subnetIds"] = ", ".join(e["subnetIds"])
print(re.sub(r"\$\{(\w+)\}", lambda g: str(e[g.group(1)]), tpl), end="")
PY
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test   # moto accepts any credentials
./scripts/ds-ec2 plan -f .localcloud/cluster.yaml
./scripts/ds-ec2 create -f .localcloud/cluster.yaml --state-dir .localcloud/state
echo "demo: the LocalCloud keeps running; 'scripts/localcloud down' removes it and the cluster" >&2
