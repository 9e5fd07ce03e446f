package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.RecordIds;
import redis.embedded.RedisServer;

/**
 * The outbox in a Redis Stream, against a real redis-server (the one embedded-redis bundles) with
 * append-only persistence: events survive our adapter stopping and Redis itself restarting.
 */
@ExtendWith(EmbeddedJpaServerExtension.class)
class RedisStreamOutboxTest {
    private static final String STREAM = "test:fhir:outbox";

    @Test
    void eventsInRedisSurviveRestartsAndAreDeliveredOnce(JpaServer server) throws Exception {
        Path redisDir = Files.createTempDirectory(Path.of("target"), "redis-").toAbsolutePath();
        int port = EmbeddedJpaServerExtension.freePort();
        String uri = "redis://127.0.0.1:" + port;
        TestCounty county = TestCounty.withSuffix("redis");
        List<DomainEvent> events = new ConsultScript(county).threeWayConsult("call-redis");
        String unreachable = "http://127.0.0.1:" + EmbeddedJpaServerExtension.freePort() + "/fhir";

        RedisServer redis = redis(port, redisDir);
        redis.start();
        try {
            try (FhirAdapter adapter =
                    new FhirAdapter(county.directory(), options(uri, unreachable), new SimpleMeterRegistry()).start()) {
                for (DomainEvent event : events) adapter.accept(event);
                adapter.accept(events.get(0)); // a duplicate is dropped
                assertEquals(events.size(), adapter.backlog());
            }
            assertEquals(events.size(), streamLength(uri), "one stream entry per accepted event");
        } finally {
            redis.stop();
        }

        // Redis restarts from its append-only file; a new adapter replays the stream and delivers.
        redis = redis(port, redisDir);
        redis.start();
        try {
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            try (FhirAdapter adapter =
                    new FhirAdapter(county.directory(), options(uri, server.baseUrl()), metrics).start()) {
                Eventually.await(
                        "delivery from the Redis outbox", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
                assertEquals(
                        events.size(), metrics.counter("fhir.outbox.delivered").count());
            }
            assertTrue(streamLength(uri) > events.size(), "the delivered marker is in the stream too");
            try (FhirAdapter third = new FhirAdapter(
                            county.directory(),
                            options(uri, server.baseUrl()).setRedeliverWindow(Duration.ZERO),
                            new SimpleMeterRegistry())
                    .start()) {
                assertEquals(0, third.backlog(), "replayed as delivered: nothing is sent again");
            }
        } finally {
            redis.stop();
        }
        assertEquals(
                1,
                DeliveryGuaranteesTest.count(
                        server, Encounter.class, "identifier", RecordIds.CALL_SYSTEM + "|call-redis"));
    }

    private static RedisServer redis(int port, Path dir) throws Exception {
        return RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir)
                .setting("appendonly yes")
                .setting("appendfsync always")
                .build();
    }

    private static FhirAdapterOptions options(String redisUri, String fhirBaseUrl) throws Exception {
        return new FhirAdapterOptions()
                .setDataDirectory(Files.createTempDirectory(Path.of("target"), "redis-adapter-"))
                .setRedisUri(redisUri)
                .setRedisStreamKey(STREAM)
                .setFhirBaseUrl(fhirBaseUrl)
                .setInitialBackoff(Duration.ofMillis(100))
                .setMaxBackoff(Duration.ofMillis(500));
    }

    private static long streamLength(String uri) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().xlen(STREAM);
        } finally {
            client.shutdown();
        }
    }
}
