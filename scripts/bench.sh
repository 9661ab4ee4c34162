#!/usr/bin/env bash
# Benchmarks (not tests) on the LocalCloud; needs root and scripts/setup.sh's prerequisites.
#   scripts/bench.sh create [padMiB]    create 4 and 13 nodes (stand-in) with 20 ms added latency and 100 Mbit/s per host
#   scripts/bench.sh create-real [runs] create 2 masters, 2 workers, 1 api (ALB), 1 alert of the real 3.2.0 distribution,
#                                       shaped the same, with package_file and package_url: wall, stages, critical path
#   scripts/bench.sh install-sh [runs]  DolphinScheduler's bin/install.sh on 6 fresh hosts, shaped the same, then
#                                       ds-ec2's create of the same topology with package_file, side by side
#   scripts/bench.sh rolling-real [runs] rolling restart of 2 workers and 2 masters of the real distribution
#   scripts/bench.sh rolling [monitorS] rolling restart of 6 workers with batch sizes 1, 2, 3 (monitor window 5 s)
#   scripts/bench.sh localcloud         up-to-ready time, 24 instances to SSH-ready, memory of 24 idle hosts
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file=ds-ec2-examples/target/bench.classpath
mvn -B -ntp -q -DskipTests install
mvn -B -ntp -q -o -pl ds-ec2-examples test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
cp="ds-ec2-examples/target/test-classes:ds-ec2-examples/target/classes:$(cat "$cp_file")"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-localcloud}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-localcloud}"  # moto takes any
what="${1:-create}"; shift || true
case "$what" in
  create) exec java -cp "$cp" -Dds-ec2.project.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
              io.dsec2.examples.bench.CreateBench "$@" ;;
  rolling) exec java -cp "$cp" -Dds-ec2.project.root="$root" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
              io.dsec2.examples.bench.RollingRestartBench "$@" ;;
  create-real|install-sh|rolling-real) exec java -cp "$cp" -Dds-ec2.project.root="$root" \
              -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.dsec2.examples.bench.RealDistributionBench "$what" "$@" ;;
  localcloud) exec java -cp "ds-ec2-testkit/target/test-classes:$cp" -Dds-ec2.project.root="$root" \
              -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.dsec2.testkit.LocalCloudBench "$@" ;;
  *) echo "usage: scripts/bench.sh create [padMiB] | create-real [runs] | install-sh [runs] | rolling [monitorS] | rolling-real [runs] | localcloud" >&2; exit 2 ;;
esac
