package org.ruralconsult.fhir;

import java.time.Instant;
import java.util.Map;

/**
 * The outbox as the operator sees it from any node.
 *
 * @param node this node's name
 * @param deliveringNode the node that holds the delivery lease now (null: none, e.g. during a hand-over)
 * @param backlog events stored and not yet committed by the FHIR server, parked ones included
 * @param inFlight events in the bundle this node is sending right now
 * @param parkedCalls calls waiting for an admin after a rejected bundle
 * @param lastDeliveredByNode when each node last had a bundle committed
 */
public record OutboxStatus(
        String node,
        String deliveringNode,
        long backlog,
        int inFlight,
        int parkedCalls,
        Map<String, Instant> lastDeliveredByNode) {}
