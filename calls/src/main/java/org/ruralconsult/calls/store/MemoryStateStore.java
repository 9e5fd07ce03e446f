package org.ruralconsult.calls.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The single-node default: everything in this JVM's memory. Messages are delivered on one store thread
 * in publish order, as Redis pub/sub would deliver them.
 */
public final class MemoryStateStore implements StateStore {
    private record Entry(long version, String value, long expiresAtMillis) {
        boolean expired(long now) {
            return expiresAtMillis != 0 && now >= expiresAtMillis;
        }
    }

    private final String nodeId = "mem-" + UUID.randomUUID().toString().substring(0, 8);
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> sets = new ConcurrentHashMap<>();
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService bus = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "state-bus");
        t.setDaemon(true);
        return t;
    });

    public MemoryStateStore() {
        this(Clock.systemUTC());
    }

    public MemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    private long expiry(Duration ttl) {
        return ttl == null ? 0 : clock.millis() + ttl.toMillis();
    }

    private Optional<Entry> live(String key) {
        Entry e = values.get(key);
        if (e != null && e.expired(clock.millis())) {
            values.remove(key, e);
            return Optional.empty();
        }
        return Optional.ofNullable(e);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        return live(key).map(e -> new Versioned(e.version(), e.value()));
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value, Duration ttl) {
        boolean[] written = {false};
        long now = clock.millis();
        values.compute(key, (k, current) -> {
            long currentVersion = current == null || current.expired(now) ? 0 : current.version();
            if (currentVersion != expectedVersion) {
                return current;
            }
            written[0] = true;
            return new Entry(expectedVersion + 1, value, expiry(ttl));
        });
        return written[0];
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return compareAndSet(key, 0, value, ttl);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        values.put(key, new Entry(1, value, expiry(ttl)));
    }

    @Override
    public Optional<String> get(String key) {
        return live(key).map(Entry::value);
    }

    @Override
    public Optional<String> take(String key) {
        Entry e = values.remove(key);
        return e == null || e.expired(clock.millis()) ? Optional.empty() : Optional.of(e.value());
    }

    @Override
    public void delete(String key) {
        values.remove(key);
    }

    @Override
    public boolean addToSet(String set, String member) {
        return sets.computeIfAbsent(set, s -> ConcurrentHashMap.newKeySet()).add(member);
    }

    @Override
    public boolean removeFromSet(String set, String member) {
        Set<String> s = sets.get(set);
        return s != null && s.remove(member);
    }

    @Override
    public Set<String> members(String set) {
        Set<String> s = sets.get(set);
        return s == null ? Set.of() : Set.copyOf(s);
    }

    @Override
    public void publish(String message) {
        bus.execute(() -> subscribers.forEach(s -> deliver(s, message)));
    }

    static void deliver(Consumer<String> subscriber, String message) {
        try {
            subscriber.accept(message);
        } catch (RuntimeException e) {
            // One faulty subscriber must not stop delivery to the others.
            org.slf4j.LoggerFactory.getLogger(StateStore.class).warn("bus subscriber failed", e);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    @Override
    public void close() {
        bus.shutdown();
    }
}
