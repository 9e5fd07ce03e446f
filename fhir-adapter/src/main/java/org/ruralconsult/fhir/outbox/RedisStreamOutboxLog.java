package org.ruralconsult.fhir.outbox;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The outbox in a Redis Stream ({@code XADD} to append, {@code XRANGE} to replay), for deployments where
 * the signaling nodes keep their state in Redis anyway.
 *
 * <p>{@code XADD} returns once the Redis server holds the entry in memory; it survives a crash of the
 * Redis server only with its persistence on ({@code appendonly yes}; {@code appendfsync always} for the
 * same guarantee as the disk log, {@code everysec} loses at most a second). One adapter owns a stream.
 */
public final class RedisStreamOutboxLog implements OutboxLog {
    private static final String FIELD = "record";
    private static final int PAGE = 500;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String streamKey;
    private final OutboxCodec codec;

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
            }
            if (page.size() < PAGE) return;
            from = Range.Boundary.excluding(page.get(page.size() - 1).getId());
        }
    }

    @Override
    public synchronized void close() {
        connection.close();
        client.shutdown();
    }
}
