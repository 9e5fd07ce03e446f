package org.ruralconsult.fhir;

import java.util.Optional;

/**
 * Which node delivers the outbox. Several nodes that share one outbox (a Redis stream) all hold every
 * event, but only the lease holder sends bundles: two senders would race on the same resource ids (HTTP
 * 409) and could write an older projection of a call over a newer one.
 */
interface DeliveryLease extends AutoCloseable {

    /** Whether this node holds the lease now (taken and renewed in the background where it is shared). */
    boolean holds();

    /** The node that holds the lease, if anyone does (for the admin view). */
    Optional<String> holder();

    /** Gives the lease up, so another node takes over at once rather than when it expires. */
    @Override
    void close();

    /** The only writer of its outbox (the disk log, which holds a file lock) always delivers. */
    static DeliveryLease sole(String node) {
        return new DeliveryLease() {
            @Override
            public boolean holds() {
                return true;
            }

            @Override
            public Optional<String> holder() {
                return Optional.of(node);
            }

            @Override
            public void close() {}
        };
    }
}
