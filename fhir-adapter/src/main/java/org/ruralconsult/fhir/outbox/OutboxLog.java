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

    /**
     * After {@link #replay}: feeds, in log order and on a thread of the log's own, every record appended
     * from then on by any writer, this one included, until the returned handle is closed. A log only one
     * process can write (the disk log, which holds a lock) has nothing to follow.
     */
    default AutoCloseable follow(Consumer<OutboxRecord> consumer) {
        return () -> {};
    }

    @Override
    void close();
}
