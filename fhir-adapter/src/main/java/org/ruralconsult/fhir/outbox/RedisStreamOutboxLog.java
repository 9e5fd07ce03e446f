package org.ruralconsult.fhir.outbox;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox in a Redis Stream ({@code XADD} to append, {@code XRANGE} to replay), for deployments where
 * the signaling nodes keep their state in Redis anyway.
 *
 * <p>{@code XADD} returns once the Redis server holds the entry in memory; it survives a crash of the
 * Redis server only with its persistence on ({@code appendonly yes}; {@code appendfsync always} for the
 * same guarantee as the disk log, {@code everysec} loses at most a second).
 *
 * <p>Several nodes share one stream: each appends what its own signaling node hands it and
 * {@linkplain #follow follows} the stream ({@code XREAD BLOCK}) for what the others append, so every node
 * holds every event of every call, in one order. Which node delivers is settled by a lease, not here.
 */
public final class RedisStreamOutboxLog implements OutboxLog {
    private static final Logger log = LoggerFactory.getLogger(RedisStreamOutboxLog.class);
    private static final String FIELD = "record";
    private static final int PAGE = 500;
    private static final long BLOCK_MS = 1000;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String streamKey;
    private final OutboxCodec codec;
    /** The id of the last entry replayed; following starts after it. */
    private volatile String lastId = "0-0";

    public RedisStreamOutboxLog(String redisUri, String streamKey, OutboxCodec codec) {
        this.client = RedisClient.create(redisUri);
        this.connection = client.connect();
        this.redis = connection.sync();
        this.streamKey = streamKey;
        this.codec = codec;
    }

    @Override
    public synchronized void append(OutboxRecord record, boolean durable) {
        // Synchronous XADD: it has been applied by Redis (and written to its AOF per its fsync policy)
        // when it returns. Non-durable markers take the same path; their cost is one round trip.
        redis.xadd(streamKey, Map.of(FIELD, codec.encode(record)));
    }

    @Override
    public synchronized void replay(Consumer<OutboxRecord> consumer) {
        Range.Boundary<String> from = Range.Boundary.including("-");
        while (true) {
            List<StreamMessage<String, String>> page =
                    redis.xrange(streamKey, Range.from(from, Range.Boundary.including("+")), Limit.from(PAGE));
            for (StreamMessage<String, String> message : page) {
                consumer.accept(codec.decode(message.getBody().get(FIELD)));
                lastId = message.getId();
            }
            if (page.size() < PAGE) return;
            from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
        }
    }

    /** Reads on a connection of its own: a blocking XREAD must not hold up appends. */
    @Override
    public AutoCloseable follow(Consumer<OutboxRecord> consumer) {
        StatefulRedisConnection<String, String> reading = client.connect();
        Follower follower = new Follower(reading.sync(), consumer);
        Thread thread = new Thread(follower, "fhir-outbox-follow");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            follower.running = false;
            thread.join(2 * BLOCK_MS + 1000);
            reading.close();
        };
    }

    private final class Follower implements Runnable {
        private final RedisCommands<String, String> reader;
        private final Consumer<OutboxRecord> consumer;
        volatile boolean running = true;

        Follower(RedisCommands<String, String> reader, Consumer<OutboxRecord> consumer) {
            this.reader = reader;
            this.consumer = consumer;
        }

        @Override
        public void run() {
            String from = lastId;
            while (running) {
                try {
                    List<StreamMessage<String, String>> page = reader.xread(
                            XReadArgs.Builder.block(BLOCK_MS).count(PAGE),
                            XReadArgs.StreamOffset.from(streamKey, from));
                    for (StreamMessage<String, String> message : page) {
                        from = message.getId();
                        OutboxRecord record;
                        try {
                            record = codec.decode(message.getBody().get(FIELD));
                        } catch (RuntimeException e) {
                            // Another version's record, or a broken one: it cannot be ours to deliver.
                            log.warn(
                                    "outbox stream {}: skipping unreadable entry {}: {}",
                                    streamKey,
                                    from,
                                    e.toString());
                            continue;
                        }
                        consumer.accept(record);
                    }
                } catch (RedisException e) {
                    if (!running) return;
                    // Redis down or restarting: keep the position and try again; the lease stops delivery.
                    log.debug("outbox stream {}: follow failed, retrying: {}", streamKey, e.toString());
                    pause();
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(BLOCK_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public synchronized void close() {
        connection.close();
        client.shutdown();
    }
}
