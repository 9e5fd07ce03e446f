#!/bin/bash
# The media relay benchmark in one command (docs/benchmarks.md): builds the load generator, then runs the
# ramp on each system inside loadgen/bench/netns-run.sh (a private network namespace with only loopback),
# one system after another in the same run: the UDP reflector, Janus VideoRoom, and, once its driver
# our SFU (sfu-w1, sfu-w2: started here with 1 or 2 media workers; sfu: attach with --sfu-url/--sfu-pid). One JSON line per system and load step on stdout and in loadgen/target/bench/*.jsonl.
#   usage, from the repository root: loadgen/run-bench.sh [--systems reflector-w1,reflector,janus[,sfu]]
#          [--calls 1,2,4,8] [--step-seconds 10] [--max-p99-ms 30] [--max-loss 0.01]
# Needs root (unshare), cc, janus (Debian package) and Java 17.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=$(cd "${BENCH_DIR:-$root/loadgen/bench}" && pwd)
cd "$root"
mvn -B -q -pl loadgen package -DskipTests
cd loadgen
cp=target/classes:$(cat target/classpath.txt)
mkdir -p target/bench
# sfu-wN: the server (built beforehand: mvn -B -o -q package -DskipTests -pl server,loadgen -am) is started
# by the load generator with N media workers, on a county of 160 groups of logins written here.
sfu=()
if [ -f ../server/target/classpath.txt ]; then
  logins=$(java -cp "$cp" org.ruralconsult.loadgen.SeedCounty target/bench/bench-county.json 160)
  sfu=(--sfu-classpath "$root/server/target/classes:$(cat ../server/target/classpath.txt)"
       --sfu-seed "$PWD/target/bench/bench-county.json" --sfu-logins "$logins")
fi
out=target/bench/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
$sudo "$bench/netns-run.sh" java ${LOADGEN_JAVA_OPTS:--Xms2g -Xmx2g -Xmn1536m} -cp "$cp" org.ruralconsult.loadgen.Main \
  --bench-dir "$bench" --work target/bench --out "$out" "${sfu[@]}" "$@"
echo "results: loadgen/$out" >&2
