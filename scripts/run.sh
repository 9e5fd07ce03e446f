#!/usr/bin/env bash
# Builds and runs the whole system on embedded defaults: in-memory state, in-process media relay, the
# embedded FHIR server. Extra arguments go to the server (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests install
exec java -Xmx2g -cp "server/target/classes:$(cat server/target/classpath.txt)" org.ruralconsult.server.Main "$@"
