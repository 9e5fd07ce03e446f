package org.ruralconsult.fhir.outbox;

import java.time.Instant;
import java.util.List;
import org.ruralconsult.domain.event.DomainEvent;

/**
 * One entry of the outbox log. The log is append-only; the outbox's state (what is stored, delivered,
 * parked) is whatever replaying these entries in order gives.
 */
public sealed interface OutboxRecord {
    String callId();

    /** An event accepted from the signaling server. */
    record EventStored(DomainEvent event) implements OutboxRecord {
        @Override
        public String callId() {
            return event.callId();
        }
    }

    /**
     * The FHIR server committed the bundle that carried these events of one call.
     *
     * @param node the node that delivered it (null in records written before nodes were named)
     */
    record Delivered(String callId, List<Long> sequences, Instant at, String node) implements OutboxRecord {
        public Delivered {
            sequences = List.copyOf(sequences);
        }
    }

    /**
     * The FHIR server rejected a bundle for good: the call stops delivering until an admin releases it.
     *
     * @param operationOutcome the server's OperationOutcome as JSON, or null when there was none
     */
    record Parked(
            String callId, List<Long> sequences, Instant at, int httpStatus, String reason, String operationOutcome)
            implements OutboxRecord {
        public Parked {
            sequences = List.copyOf(sequences);
        }
    }

    /** An admin asked to try a parked call again (after fixing the directory or the server). */
    record Released(String callId, Instant at) implements OutboxRecord {}
}
