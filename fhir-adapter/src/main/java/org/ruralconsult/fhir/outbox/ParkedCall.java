package org.ruralconsult.fhir.outbox;

import java.time.Instant;
import java.util.List;

/**
 * A call whose records the FHIR server refused for good, shown to admins.
 *
 * @param eventIds the events of the rejected bundle (later events of the call wait behind them)
 * @param httpStatus the server's answer (0 when the bundle could not even be built)
 * @param reason a one-line summary (the OperationOutcome's diagnostics when there is one)
 * @param operationOutcome the server's OperationOutcome as JSON, or null
 */
public record ParkedCall(
        String callId,
        List<String> eventIds,
        Instant parkedAt,
        int httpStatus,
        String reason,
        String operationOutcome) {
    public ParkedCall {
        eventIds = List.copyOf(eventIds);
    }
}
