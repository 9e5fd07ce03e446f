package org.ruralconsult.signaling.records;

import java.time.Instant;
import java.util.List;

/**
 * What admins see of clinical-record delivery (the FHIR adapter, plugged in by the {@code server}
 * module): calls whose records the FHIR server refused for good, and how many events wait. Signaling knows
 * nothing of FHIR; it only shows this to admins and passes their retry on.
 */
public interface ClinicalRecords {

    /**
     * A call whose records were refused.
     *
     * @param operationOutcome the server's OperationOutcome as JSON, or null
     */
    record Parked(String callId, Instant parkedAt, int httpStatus, String reason, String operationOutcome) {}

    /** Refused calls, oldest first. May block: called on a worker. */
    List<Parked> parked();

    /** Sends a parked call's records again (after the cause was fixed); false when it was not parked. */
    boolean retry(String callId);

    /** Events accepted and not yet stored by the FHIR server. */
    long backlog();

    /** No record delivery on this node: nothing parked, nothing waiting. */
    ClinicalRecords NONE = new ClinicalRecords() {
        @Override
        public List<Parked> parked() {
            return List.of();
        }

        @Override
        public boolean retry(String callId) {
            return false;
        }

        @Override
        public long backlog() {
            return 0;
        }
    };
}
