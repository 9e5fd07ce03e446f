package org.ruralconsult.calls;

import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.ruralconsult.calls.store.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Typed messages over the store's bus: every node, this one included, receives every message. */
public final class ClusterBus {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBus.class);
    private final StateStore store;
    private final StateCodec codec;

    public ClusterBus(StateStore store, StateCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    public void publish(BusMessage message) {
        try {
            store.publish(codec.mapper().writerFor(BusMessage.class).writeValueAsString(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Listens for messages; they arrive on a store thread, so hand long work elsewhere. */
    public AutoCloseable subscribe(Consumer<BusMessage> listener) {
        return store.subscribe(json -> {
            BusMessage message;
            try {
                message = codec.read(json, BusMessage.class);
            } catch (UncheckedIOException e) {
                LOG.warn("dropped an unreadable bus message: {}", e.getMessage());
                return;
            }
            listener.accept(message);
        });
    }
}
