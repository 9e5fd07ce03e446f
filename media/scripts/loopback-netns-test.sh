#!/bin/bash
# Runs the two-peer WebRTC call test inside a loopback-only network namespace
# (loadgen/bench/netns-run.sh, needs root): no interface but lo and an ifb
# carrying 127.0.0.1/32, so no packet can leave and libwebrtc still gathers
# 127.0.0.1. Run from the repository root:  media/scripts/loopback-netns-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
NETNS_RUN="${NETNS_RUN:-$(pwd)/loadgen/bench/netns-run.sh}"
exec "$NETNS_RUN" bash -c 'echo "interfaces in the namespace:"; ip -br addr; exec mvn -B -o -pl media test -Dtest="${TESTS:-TwoPeerCallTest}"'
