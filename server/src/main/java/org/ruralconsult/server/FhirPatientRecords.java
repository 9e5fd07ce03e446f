package org.ruralconsult.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ruralconsult.fhir.FhirAdapter;
import org.ruralconsult.fhir.PatientRecordReader;
import org.ruralconsult.signaling.records.PatientRecords;

/** Signaling's patient record read from the FHIR server by the adapter's {@link PatientRecordReader}. */
final class FhirPatientRecords implements PatientRecords {
    private final FhirAdapter adapter;

    FhirPatientRecords(FhirAdapter adapter) {
        this.adapter = adapter;
    }

    @Override
    public History history(String patientId) {
        PatientRecordReader.History h = read(() -> adapter.records().history(patientId));
        return new History(
                h.consults().stream().map(FhirPatientRecords::consult).toList(),
                h.vitals().stream()
                        .map(v -> new Vital(v.callId(), v.at(), v.kind(), v.value(), v.unit()))
                        .toList());
    }

    @Override
    public Map<String, Consult> latestConsults(Collection<String> patientIds) {
        Map<String, Consult> latest = new LinkedHashMap<>();
        read(() -> adapter.records().latestConsults(patientIds)).forEach((id, c) -> latest.put(id, consult(c)));
        return latest;
    }

    @Override
    public List<Consult> consultsOf(String practitionerId, int limit) {
        return read(() -> adapter.records().consultsOf(practitionerId, limit)).stream()
                .map(FhirPatientRecords::consult)
                .toList();
    }

    private static <T> T read(Supplier<T> read) {
        try {
            return read.get();
        } catch (PatientRecordReader.Unavailable e) {
            throw new Unavailable("records_unavailable", e.getMessage());
        }
    }

    private static Consult consult(PatientRecordReader.Consult c) {
        return new Consult(
                c.callId(),
                c.patientId(),
                c.start(),
                c.end(),
                c.status(),
                c.participants().stream()
                        .map(p -> new Participant(p.practitionerId(), p.type()))
                        .toList(),
                c.reasons(),
                c.note());
    }
}
