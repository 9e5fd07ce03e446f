package org.ruralconsult.calls.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The shared store for several signaling nodes: Redis through Lettuce. Versioned writes are one Lua
 * script, so they are atomic on the Redis server (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/);
 * the bus is Redis pub/sub on one channel.
 */
public final class RedisStateStore implements StateStore {
    static final String DEFAULT_PREFIX = "rc:";
    static final String CHANNEL_SUFFIX = "bus";

    // KEYS[1] document; ARGV: expected version, new value, ttl millis (0 = none)
    private static final String COMPARE_AND_SET =
            """
            local cur = redis.call('HGET', KEYS[1], 'v')
            if cur == false then cur = '0' end
            if cur ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'v', tostring(tonumber(ARGV[1]) + 1), 'd', ARGV[2])
            if ARGV[3] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) else redis.call('PERSIST', KEYS[1]) end
            return 1
            """;

    private final String nodeId = "redis-" + UUID.randomUUID().toString().substring(0, 8);
    private final String prefix;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();
    private final String casSha;

    /** @param redisUrl e.g. {@code redis://127.0.0.1:6379} */
    public RedisStateStore(String redisUrl) {
        this(redisUrl, DEFAULT_PREFIX);
    }

    public RedisStateStore(String redisUrl, String prefix) {
        this.prefix = prefix;
        this.client = RedisClient.create(redisUrl);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.casSha = redis.scriptLoad(COMPARE_AND_SET);
        this.pubSub = client.connectPubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                subscribers.forEach(s -> MemoryStateStore.deliver(s, message));
            }
        });
        pubSub.sync().subscribe(prefix + CHANNEL_SUFFIX);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean sharedWithOtherNodes() {
        return true;
    }

    private String k(String key) {
        return prefix + key;
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
        Map<String, String> doc = redis.hgetall(k(key));
        if (doc == null || doc.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(Long.parseLong(doc.get("v")), doc.get("d")));
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value, Duration ttl) {
        Long done = redis.evalsha(
                casSha,
                ScriptOutputType.INTEGER,
                new String[] {k(key)},
                Long.toString(expectedVersion),
                value,
                Long.toString(ttl == null ? 0 : ttl.toMillis()));
        return done != null && done == 1L;
    }

    private static SetArgs args(Duration ttl) {
        SetArgs args = new SetArgs();
        return ttl == null ? args : args.px(ttl.toMillis());
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return "OK".equals(redis.set(k(key), value, args(ttl).nx()));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redis.set(k(key), value, args(ttl));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.get(k(key)));
    }

    @Override
    public Optional<String> take(String key) {
        return Optional.ofNullable(redis.getdel(k(key)));
    }

    @Override
    public void delete(String key) {
        redis.del(k(key));
    }

    @Override
    public boolean addToSet(String set, String member) {
        return redis.sadd(k(set), member) == 1L;
    }

    @Override
    public boolean removeFromSet(String set, String member) {
        return redis.srem(k(set), member) == 1L;
    }

    @Override
    public Set<String> members(String set) {
        return Set.copyOf(redis.smembers(k(set)));
    }

    @Override
    public void publish(String message) {
        redis.publish(prefix + CHANNEL_SUFFIX, message);
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    @Override
    public void close() {
        pubSub.close();
        connection.close();
        client.shutdown();
    }
}
