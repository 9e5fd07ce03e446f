package org.ruralconsult.fhir.outbox;

import java.util.function.Consumer;

/** Where the outbox keeps its records: an append-only log that can be replayed after a restart. */
public interface OutboxLog extends AutoCloseable {
    /**
     * Appends a record.
     *
     * @param durable when true, returns only once the record survives a crash of this process and of the
     *     machine (fsync, or the Redis server's own persistence); markers that may be lost safely (a lost
     *     "delivered" only means an idempotent re-delivery) pass false
     */
    void append(OutboxRecord record, boolean durable);

    /** Feeds every stored record, oldest first. */
    void replay(Consumer<OutboxRecord> consumer);

    @Override
    void close();
}
