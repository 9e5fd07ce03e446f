#!/usr/bin/env bash
# The TV app's rendering benchmark (issue 11): a 1280x720 30 fps doctor through the real signaling server
# and SFU, received and drawn by the real JavaFX TV app on Xvfb. See tv-client/README.md, "Performance".
#   tv-client/run-render-bench.sh [--runs 3] [--warmup-s 10] [--measure-s 30] [--out FILE]
#   tv-client/run-render-bench.sh --local [--runs 3] [--warmup-s 5] [--measure-s 30] [--out FILE]
#     (--local: conversion and drawing alone: 1280x720 at 30 fps put straight into the app's VideoSlot, no
#     server, no network, no decoder)
# Environment: TV_BENCH_DISPLAY (default :99; Xvfb is started there unless an X server answers),
# TV_BENCH_JAVA_OPTS (extra JVM flags for the TV's JVM, e.g. "-Dprism.order=sw" or "-Dprism.verbose=true").
set -euo pipefail
cd "$(dirname "$0")/.."
display=${TV_BENCH_DISPLAY:-:99}
mkdir -p tv-client/target/bench
out_default="tv-client/target/bench/render-$(date -u +%Y%m%dT%H%M%SZ).jsonl"

# The server (test scope: the in-process test node) and the TV app (with its test classes: the TV side).
# One reactor build, so that the sibling modules resolve to their target/ folders (never to ~/.m2); each
# module writes the file in turn and the server, built last, writes it last.
# --local needs no server: only the TV app is built then.
if [ "${1:-}" = "--local" ]; then
  mvn -B -ntp -q -pl tv-client test-compile >/dev/null
else
  mvn -B -ntp -q -pl server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$PWD/server/target/bench-classpath.txt" >/dev/null
fi
mvn -B -ntp -q -pl tv-client dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$PWD/tv-client/target/bench-classpath.txt" >/dev/null

# The TV's JVM as the box's launcher (dist/ruralconsult-tv) starts it: OpenJFX on the module path, the
# same heap and collector.
fx=""; cp="tv-client/target/test-classes:tv-client/target/classes"
IFS=: read -r -a jars < tv-client/target/bench-classpath.txt || true  # no newline at its end
for jar in "${jars[@]}"; do
  case "${jar##*/}" in
    javafx-*) fx="$fx${fx:+:}$jar" ;;
    *) cp="$cp:$jar" ;;
  esac
done
tv_opts="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
--module-path $fx --add-modules javafx.controls,javafx.media ${TV_BENCH_JAVA_OPTS:-}"

# Our own Xvfb on the display, unless one answers there; ended by its pid on exit.
xvfb_pid=""
number=${display#:}
if [ ! -e "/tmp/.X11-unix/X$number" ]; then
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$number" ] && break; sleep 0.1; done
fi

if [ "${1:-}" = "--local" ]; then
  shift
  runs=3; warmup=5; measure=30; out="$out_default"
  while [ $# -gt 0 ]; do
    case "$1" in
      --runs) runs=$2 ;; --warmup-s) warmup=$2 ;; --measure-s) measure=$2 ;; --out) out=$2 ;;
      *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
  done
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  for run in $(seq "$runs"); do
    load_before=$(cat /proc/loadavg)
    # shellcheck disable=SC2086
    line=$(DISPLAY="$display" java $tv_opts -cp "$cp" org.ruralconsult.tv.fx.TvRenderBench --local-fps 30 \
      --warmup-s "$warmup" --measure-s "$measure" --xserver-pid "${xvfb_pid:-0}" | sed -n 's/^RESULT //p')
    line="{\"run\":$run,\"load_before\":\"$load_before\",\"load_after\":\"$(cat /proc/loadavg)\",\"tv\":$line}"
    echo "RESULT $line"
    echo "$line" >> "$out"
  done
  exit 0
fi

args=("$@")
case " $* " in *" --out "*) ;; *) args+=(--out "$out_default") ;; esac
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
DISPLAY="$display" java -Xms512m -Xmx1g \
  -cp "server/target/test-classes:server/target/classes:$(cat server/target/bench-classpath.txt)" \
  org.ruralconsult.server.TvRenderBenchHarness --tv-classpath "$cp" --tv-java-opts "$tv_opts" \
  --xserver-pid "${xvfb_pid:-0}" "${args[@]}"
