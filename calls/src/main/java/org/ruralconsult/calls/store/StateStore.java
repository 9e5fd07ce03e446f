package org.ruralconsult.calls.store;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The shared state of every signaling node, as a few primitive operations that both an in-memory map and
 * Redis do atomically. Higher layers ({@code CallEngine}, {@code Presence}, {@code PairingCodes}) build on
 * these and never know which store they run on.
 *
 * <p>All methods may block on the network: call them off any event loop. Keys are plain strings; the
 * callers namespace them ("call:", "conn:", ...).
 */
public interface StateStore extends AutoCloseable {

    /** A unique id of this node, for logs and for telling our own bus messages apart. */
    String nodeId();

    /**
     * Whether other nodes may share this store (Redis). Work that must happen on one node only, such as
     * holding a call's media, needs coordinating only then; a store of this JVM alone never does.
     */
    default boolean sharedWithOtherNodes() {
        return false;
    }

    /** A versioned document; version 0 means absent. */
    record Versioned(long version, String value) {}

    Optional<Versioned> getVersioned(String key);

    /**
     * Writes {@code value} with version {@code expectedVersion + 1} only if the stored version is still
     * {@code expectedVersion} (0: the key must not exist). This is the one primitive that makes call
     * transitions atomic across nodes: two nodes that read the same version cannot both write.
     *
     * @param ttl how long the document lives after this write; null for no expiry
     */
    boolean compareAndSet(String key, long expectedVersion, String value, Duration ttl);

    /** Sets the value if the key is absent; false if it existed. */
    boolean putIfAbsent(String key, String value, Duration ttl);

    void put(String key, String value, Duration ttl);

    Optional<String> get(String key);

    /** Reads and deletes the value atomically: of two takers only one gets it. */
    Optional<String> take(String key);

    void delete(String key);

    /** @return true if the member was not there before */
    boolean addToSet(String set, String member);

    /** @return true if the member was there */
    boolean removeFromSet(String set, String member);

    Set<String> members(String set);

    /** Sends a message to every node's subscribers, this node's included. */
    void publish(String message);

    /** Receives every published message, on a store thread; keep the listener short. */
    AutoCloseable subscribe(Consumer<String> listener);

    @Override
    void close();
}
