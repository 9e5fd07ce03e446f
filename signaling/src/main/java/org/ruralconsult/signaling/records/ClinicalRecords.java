package org.ruralconsult.signaling.records;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What admins see of clinical-record delivery (the FHIR adapter, plugged in by the {@code server}
 * module): calls whose records the FHIR server refused for good, how many events wait, which node
 * delivers, and whether a period's consults are all in the record. Signaling knows nothing of FHIR; it
 * only shows this to admins and passes their retry on.
 */
public interface ClinicalRecords {

    /**
     * A call whose records were refused.
     *
     * @param operationOutcome the server's OperationOutcome as JSON, or null
     */
    record Parked(String callId, Instant parkedAt, int httpStatus, String reason, String operationOutcome) {}

    /**
     * Record delivery as this node sees it (with several nodes on one outbox, each sees all of it).
     *
     * @param node this node's name (null: no record delivery here)
     * @param deliveringNode the node that delivers now (null: none, e.g. during a hand-over)
     * @param backlog events accepted and not yet stored by the FHIR server, parked ones included
     * @param inFlight events being sent by this node right now
     * @param parkedCalls calls waiting for an admin after the FHIR server refused their records
     * @param lastDeliveredByNode when each node last had records stored
     */
    record Status(
            String node,
            String deliveringNode,
            long backlog,
            int inFlight,
            int parkedCalls,
            Map<String, Instant> lastDeliveredByNode) {}

    /**
     * A call whose record is not what its events say.
     *
     * @param problem e.g. "missing", "different", "encounters: 2"
     * @param resources the resources concerned (relative URLs)
     */
    record Finding(String callId, String problem, List<String> resources) {}

    /**
     * The record check of the calls that ended in {@code [from, to)}.
     *
     * @param checked calls that ended in the period
     * @param complete those whose record on the FHIR server is exactly what their events say
     * @param pending those with records still waiting (backlog or parked): not compared
     * @param findings the others
     */
    record Check(Instant from, Instant to, int checked, int complete, int pending, List<Finding> findings) {}

    /** Refused calls, oldest first. May block: called on a worker. */
    List<Parked> parked();

    /** Sends a parked call's records again (after the cause was fixed); false when it was not parked. */
    boolean retry(String callId);

    /** Events accepted and not yet stored by the FHIR server. */
    long backlog();

    /** Backlog, in flight, parked, which node delivers. May block: called on a worker. */
    Status status();

    /**
     * Compares what the calls that ended in {@code [from, to)} should have left in the record with what the
     * FHIR server holds. May take long (it reads every such call's resources): called on a worker.
     */
    Check check(Instant from, Instant to);

    /**
     * No record delivery on this node: nothing parked, nothing waiting, no delivering node, and no call
     * checked (this node keeps no record to compare).
     */
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

        @Override
        public Status status() {
            return new Status(null, null, 0, 0, 0, Map.of());
        }

        @Override
        public Check check(Instant from, Instant to) {
            return new Check(from, to, 0, 0, 0, List.of());
        }
    };
}
