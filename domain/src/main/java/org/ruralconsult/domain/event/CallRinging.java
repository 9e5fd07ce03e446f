package org.ruralconsult.domain.event;

import java.time.Instant;
import java.util.List;

/** These parties are being rung (ring-all rings several; the first to accept takes it). */
public record CallRinging(String callId, long sequence, Instant at, List<Party> ringing) implements DomainEvent {
    public CallRinging {
        ringing = List.copyOf(ringing);
    }
}
