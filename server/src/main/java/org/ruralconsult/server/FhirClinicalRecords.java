package org.ruralconsult.server;

import java.time.Instant;
import java.util.List;
import org.ruralconsult.fhir.FhirAdapter;
import org.ruralconsult.fhir.OutboxStatus;
import org.ruralconsult.fhir.RecordCheck;
import org.ruralconsult.signaling.records.ClinicalRecords;

/** Shows the FHIR adapter's delivery (parked calls, backlog, status) and its record check to signaling's admin API. */
final class FhirClinicalRecords implements ClinicalRecords {
    private final FhirAdapter adapter;

    FhirClinicalRecords(FhirAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public List<Parked> parked() {
        return adapter.parked().stream()
                .map(p -> new Parked(p.callId(), p.parkedAt(), p.httpStatus(), p.reason(), p.operationOutcome()))
                .toList();
    }

    @Override
    public boolean retry(String callId) {
        return adapter.retryParked(callId);
    }

    @Override
    public long backlog() {
        return adapter.backlog();
    }

    @Override
    public Status status() {
        OutboxStatus s = adapter.status();
        return new Status(
                s.node(), s.deliveringNode(), s.backlog(), s.inFlight(), s.parkedCalls(), s.lastDeliveredByNode());
    }

    @Override
    public Check check(Instant from, Instant to) {
        RecordCheck.Report r = adapter.check(from, to);
        return new Check(
                r.from(),
                r.to(),
                r.checked(),
                r.complete(),
                r.pending(),
                r.findings().stream()
                        .map(f -> new Finding(f.callId(), f.problem(), f.resources()))
                        .toList());
    }
}
