package org.ruralconsult.fhir;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery lease as one Redis key holding the holder's name with an expiry (the single-instance lock
 * pattern: {@code SET key owner NX PX ttl}, renewed only by its holder through a script). A thread of its
 * own renews it every third of its length, so a long send (a big bundle, a slow server) does not let it
 * lapse; every node that does not hold it tries to take it at the same pace. A node that cannot reach
 * Redis, or whose renewals stall, takes itself for a non-holder once two thirds of the length have passed
 * since its last renewal: before the key expires and another node can take it.
 *
 * <p>Not a fencing token: a holder frozen (a long GC, a stopped VM) between its last check and a send
 * could still send once after another node took over. Bundles are idempotent PUTs of the whole
 * projection, and the new holder re-sends the recent window when it takes over, so what such a late send
 * could overwrite is written again.
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
    /**
     * What the key holds: the node's name and a token of this very adapter, so that two adapters given the
     * same name (a copied configuration, two nodes in one JVM) never both take the lease for their own.
     */
    private final String owner;

    private final Duration ttl;
    private final ScheduledExecutorService renewer;
    /** System.nanoTime() of the last successful renewal, or 0 while not held. */
    private volatile long heldSince;

    RedisDeliveryLease(String redisUri, String key, String node, Duration ttl) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.key = key;
        this.node = node;
        this.owner = node + "#" + UUID.randomUUID().toString().substring(0, 8);
        this.ttl = ttl;
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fhir-outbox-lease");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, ttl.toMillis() / 3);
        renewer.scheduleWithFixedDelay(this::renew, 0, period, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        boolean was = heldSince != 0;
        boolean held;
        try {
            Long result = redis.eval(
                    HOLD, ScriptOutputType.INTEGER, new String[] {key}, owner, Long.toString(ttl.toMillis()));
            held = result != null && result == 1L;
        } catch (RedisException e) {
            held = false;
            log.debug("delivery lease {}: Redis unreachable: {}", key, e.toString());
        }
        heldSince = held ? System.nanoTime() : 0;
        if (held != was)
            log.info("delivery lease {}: node {} {}", key, node, held ? "delivers now" : "no longer delivers");
    }

    /** Held, and renewed recently enough that the key cannot have expired yet. */
    @Override
    public boolean holds() {
        long since = heldSince;
        return since != 0 && System.nanoTime() - since < ttl.toNanos() * 2 / 3;
    }

    @Override
    public Optional<String> holder() {
        try {
            return Optional.ofNullable(redis.get(key)).map(RedisDeliveryLease::nodeOf);
        } catch (RedisException e) {
            return Optional.empty();
        }
    }

    private static String nodeOf(String owner) {
        int token = owner.lastIndexOf('#');
        return token < 0 ? owner : owner.substring(0, token);
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS);
            if (heldSince != 0) redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key}, owner);
        } catch (RedisException e) {
            log.debug("delivery lease {}: could not release: {}", key, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            heldSince = 0;
            connection.close();
            client.shutdown();
        }
    }
}
