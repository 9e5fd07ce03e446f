package org.ruralconsult.signaling.records;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Patients' past consults and vitals, read from the clinical record (the FHIR server, plugged in by the
 * {@code server} module). Signaling decides who may read which patient; this only reads. Every method may
 * block (called on a worker) and throws {@link Unavailable} when the record cannot be read: an error the
 * app shows, never an empty history that looks real.
 */
public interface PatientRecords {

    /**
     * One consult (a call's Encounter).
     *
     * @param status the record's status: {@code finished}, {@code cancelled} (never answered),
     *     {@code in-progress}, {@code planned}
     * @param participants the practitioners who took part, with their part ({@code PPRF} primary performer,
     *     {@code CON} consultant, {@code PART} other)
     * @param note the closing note, or null
     */
    record Consult(
            String callId,
            String patientId,
            Instant start,
            Instant end,
            String status,
            List<Participant> participants,
            List<String> reasons,
            String note) {}

    record Participant(String practitionerId, String part) {}

    /**
     * One measurement.
     *
     * @param kind {@code systolic}, {@code diastolic}, {@code heartRate} or {@code glucose}
     * @param unit as recorded: mmHg, beats/minute, mmol/L
     */
    record Vital(String callId, Instant at, String kind, double value, String unit) {}

    /** Consults and vitals, newest first. */
    record History(List<Consult> consults, List<Vital> vitals) {}

    /**
     * The record cannot be read now.
     *
     * @param code {@code records_not_configured} (no FHIR server on this node) or {@code records_unavailable}
     */
    final class Unavailable extends RuntimeException {
        private final String code;

        public Unavailable(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    History history(String patientId);

    /** The latest finished consult of each patient (absent: none), in one read of the record for all. */
    Map<String, Consult> latestConsults(Collection<String> patientIds);

    /** The consults a practitioner took part in, newest first. */
    List<Consult> consultsOf(String practitionerId, int limit);

    /** No clinical record on this node: every read is refused as not configured. */
    PatientRecords NONE = new PatientRecords() {
        private Unavailable none() {
            return new Unavailable("records_not_configured", "this server has no clinical record (FHIR) configured");
        }

        @Override
        public History history(String patientId) {
            throw none();
        }

        @Override
        public Map<String, Consult> latestConsults(Collection<String> patientIds) {
            throw none();
        }

        @Override
        public List<Consult> consultsOf(String practitionerId, int limit) {
            throw none();
        }
    };
}
