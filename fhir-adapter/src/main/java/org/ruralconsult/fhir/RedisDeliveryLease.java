package org.ruralconsult.fhir;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery lease as one Redis key holding the holder's node name with an expiry (the single-instance
 * lock pattern: {@code SET key node NX PX ttl}, renewed only by its holder through a script). The holder
 * renews it once a third of its length has passed; a node that cannot reach Redis stops delivering, since
 * it can no longer prove that it holds the lease.
 *
 * <p>Not a fencing token: a holder paused (GC, a stopped VM) for longer than the lease between its last
 * check and a send could still send once after another node took over. Bundles are idempotent PUTs of the
 * whole projection, and the new holder re-sends the recent window when it takes over, so what such a late
 * send could overwrite is written again.
 */
final class RedisDeliveryLease implements DeliveryLease {
    private static final Logger log = LoggerFactory.getLogger(RedisDeliveryLease.class);

    /** Renews our own lease or takes a free one; 1 when we hold it afterwards. */
    private static final String HOLD =
            """
            local v = redis.call('GET', KEYS[1])
            if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
            if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
            return 0
            """;

    /** Deletes the key only while it is still ours. */
    private static final String RELEASE =
            """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String key;
    private final String node;
    private final Duration ttl;
    private Instant renewed = Instant.EPOCH;
    private boolean held;

    RedisDeliveryLease(String redisUri, String key, String node, Duration ttl) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.key = key;
        this.node = node;
        this.ttl = ttl;
    }

    @Override
    public synchronized boolean holds(Instant now) {
        if (held && now.isBefore(renewed.plus(ttl.dividedBy(3)))) return true;
        boolean was = held;
        try {
            Long result =
                    redis.eval(HOLD, ScriptOutputType.INTEGER, new String[] {key}, node, Long.toString(ttl.toMillis()));
            held = result != null && result == 1L;
            if (held) renewed = now;
        } catch (RedisException e) {
            held = false;
            log.debug("delivery lease {}: Redis unreachable: {}", key, e.toString());
        }
        if (held != was)
            log.info("delivery lease {}: node {} {}", key, node, held ? "delivers now" : "no longer delivers");
        return held;
    }

    @Override
    public Optional<String> holder() {
        try {
            return Optional.ofNullable(redis.get(key));
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (held) redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, node);
        } catch (RedisException e) {
            log.debug("delivery lease {}: could not release: {}", key, e.toString());
        } finally {
            held = false;
            connection.close();
            client.shutdown();
        }
    }
}
