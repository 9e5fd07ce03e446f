package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.RedisStateStore;
import org.ruralconsult.calls.testing.RedisProcess;
import org.ruralconsult.signaling.testing.TestNode;

/** Readiness follows the shared state store: a node whose Redis is gone says so, and is still live. */
class RedisOutageTest {
    @Test
    void readinessFailsWhileRedisIsDownAndLivenessStays() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
                RedisStateStore store = new RedisStateStore(redis.url());
                TestNode node = TestNode.start(o -> o, store)) {
            assertEquals(200, node.get("/health/ready", null).statusCode());
            redis.stop();
            var ready = node.get("/health/ready", null);
            assertEquals(503, ready.statusCode());
            assertEquals(false, ready.bodyAsJsonObject().getBoolean("ready"));
            assertEquals(200, node.get("/health/live", null).statusCode());
            assertEquals(
                    new JsonObject().put("status", "UP").put("live", true),
                    node.get("/health/live", null).bodyAsJsonObject());
        }
    }
}
