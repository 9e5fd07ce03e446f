#!/usr/bin/env bash
# The proof under impairment in one command (docs/network-resilience.md): a three-way consult (doctor and
# expert in headless Chromium, the elder's TV with the TV client's libwebrtc media code), each in its own
# network namespace joined to our server's by a veth pair, the TV's link shaped in both directions (4G van,
# island radio, a rate drop), for each system (our SFU with --media-adaptive=true and =false, Janus 1.1's
# VideoRoom started by loadgen/bench/start-janus.sh). Writes the
# results section of docs/network-resilience.md and resilience/target/resilience/results.json.
#   usage, from anywhere in the repository: scripts/network-resilience.sh [--quick] [--systems sfu-adaptive,sfu-plain,janus]
#          [--timeout-minutes 25]
# Full run ≈ 13 min, --quick (island only, adaptive only) ≈ 1.5 min. Needs root (ip netns, tc), cc, chromium and
# chromedriver, janus, Java 17 and Maven (scripts/install-test-deps.sh installs the Debian packages).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -ntp -pl resilience -am package -DskipTests
cp="resilience/target/classes:$(cat resilience/target/classpath.txt)"
sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
# timeout: the harness has its own watchdog (--timeout-minutes, default 25); this is the last resort
exec $sudo timeout --kill-after=30 35m java -Xmx512m -cp "$cp" org.ruralconsult.resilience.Main "$@"
