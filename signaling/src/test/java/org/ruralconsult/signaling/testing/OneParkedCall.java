package org.ruralconsult.signaling.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ruralconsult.signaling.records.ClinicalRecords;

/**
 * A record delivery with one refused call, as the FHIR adapter would report it through this seam (signaling
 * knows no FHIR; the server module plugs the adapter in). Shared by the admin API and admin screen tests.
 */
public final class OneParkedCall implements ClinicalRecords {
    public final Set<String> parked = ConcurrentHashMap.newKeySet();
    /** The periods asked of {@link #check}, latest last. */
    public final List<Instant[]> checkedPeriods = new java.util.concurrent.CopyOnWriteArrayList<>();

    public OneParkedCall() {
        parked.add("call-refused");
    }

    @Override
    public List<Parked> parked() {
        return parked.stream()
                .map(id -> new Parked(
                        id,
                        Instant.parse("2026-11-23T08:00:00Z"),
                        422,
                        "Encounter.subject: unknown patient",
                        "{\"resourceType\":\"OperationOutcome\"}"))
                .toList();
    }

    @Override
    public boolean retry(String callId) {
        return parked.remove(callId);
    }

    @Override
    public long backlog() {
        return 3 + parked.size();
    }

    @Override
    public Status status() {
        return new Status(
                "node-b",
                "node-a",
                backlog(),
                2,
                parked.size(),
                Map.of(
                        "node-a",
                        Instant.parse("2026-11-23T08:05:00Z"),
                        "node-b",
                        Instant.parse("2026-11-22T20:00:00Z")));
    }

    @Override
    public Check check(Instant from, Instant to) {
        checkedPeriods.add(new Instant[] {from, to});
        return new Check(
                from,
                to,
                5,
                3,
                1,
                List.of(new Finding(
                        "call-lost", "missing", List.of("Encounter/call-lost", "Observation/call-lost-bp"))));
    }
}
