#!/bin/bash
# JMH microbenchmarks of the relay's per-packet work, with the GC profiler (allocation per operation).
#   usage, from the repository root: bench-jmh/run-jmh.sh [JMH options]   (default: short runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -pl bench-jmh package -DskipTests
cd bench-jmh
cp=target/classes:$(cat target/classpath.txt)
[ $# -gt 0 ] || set -- -wi 2 -i 3 -f 1 -w 2s -r 2s -prof gc
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
