#!/bin/bash
# Table and plot from one benchmark run: prints the Markdown table, writes PNG (p99 latency and relay CPU
# per forwarded packet against forwarded packets per second, one line per system). Needs gnuplot
# (apt-get install gnuplot-nox).
#   usage, from the repository root: loadgen/plot.sh loadgen/target/bench/results-....jsonl docs/benchmarks.png
set -euo pipefail
in=$(realpath "$1"); png=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/loadgen"
[ -f target/classes/org/ruralconsult/loadgen/Report.class ] || mvn -B -q -pl loadgen package -DskipTests -f ../pom.xml
dir=target/plot; rm -rf "$dir"; mkdir -p "$dir"
java -cp "target/classes:$(cat target/classpath.txt)" org.ruralconsult.loadgen.Report "$in" "$dir"
plots1=""; plots2=""
for f in "$dir"/*.dat; do
  s=$(basename "$f" .dat)
  plots1+="'$f' using 1:2 with linespoints title '$s',"
  plots2+="'$f' using 1:3 with linespoints title '$s',"
done
gnuplot <<GP
set terminal png size 1100,450 font ",10"
set output "$png"
set multiplot layout 1,2 title "Three-way calls, synthetic Opus + VP8-like streams, $(nproc) cores (shared)"
set logscale x; set grid; set key top left
set xlabel "forwarded packets per second"
set ylabel "p99 one-way latency (ms)"; set logscale y
plot ${plots1%,}
unset logscale y
set ylabel "relay CPU µs per forwarded packet"
plot ${plots2%,}
unset multiplot
GP
echo "plot: $png" >&2
