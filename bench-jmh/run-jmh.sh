#!/bin/bash
# JMH microbenchmarks of the media module's per-packet code, with the GC profiler (bytes allocated per operation).
#   usage, from anywhere: bench-jmh/run-jmh.sh [JMH options]   (default: short runs of every benchmark)
#   e.g. bench-jmh/run-jmh.sh FanOutBench -p subscribers=2 -p aes=OpenSSL
#   MVN_FLAGS=-o for an offline build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# -am: build media from this tree too, so the benchmarks never run a stale media jar from ~/.m2
mvn -B -q ${MVN_FLAGS:-} -pl bench-jmh -am package -DskipTests
cd bench-jmh
cp=target/classes:$(cat target/classpath.txt)
[ $# -gt 0 ] || set -- -wi 2 -i 3 -f 1 -w 2s -r 2s -prof gc
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
