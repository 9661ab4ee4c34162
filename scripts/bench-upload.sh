#!/usr/bin/env bash
# Upload throughput benchmark (not a test): a local OpenSSH sshd as in ds-ec2-ssh's tests, one file of random data
# uploaded with SshjRemoteExecutor.upload, OpenSSH scp (sftp and -O) and ssh 'cat > f'; prints MB/s (10^6 B/s).
#   scripts/bench-upload.sh [sizeMB=800] [runs=2] [methods=sshj,scp,scp-O,ssh-cat]
# Needs root and scripts/setup.sh's prerequisites. Compiles ds-ec2-ssh and what it depends on (no install).
# Extra JVM flags through BENCH_JAVA_OPTS, e.g. BENCH_JAVA_OPTS=-Dorg.slf4j.simpleLogger.log.io.dsec2=debug
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cp_file="$root/ds-ec2-ssh/target/bench-upload.classpath"
mvn -B -ntp -q -pl ds-ec2-ssh -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$cp_file"
cp="ds-ec2-ssh/target/test-classes:ds-ec2-ssh/target/classes:$(cat "$cp_file")"
# shellcheck disable=SC2086
exec java -cp "$cp" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_JAVA_OPTS:-} \
    io.dsec2.ssh.UploadThroughputBench "$@"
