package org.ruralconsult.server;

import java.util.List;
import org.ruralconsult.fhir.FhirAdapter;
import org.ruralconsult.signaling.records.ClinicalRecords;

/** Shows the FHIR adapter's parked calls and backlog to signaling's admin API. */
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
}
