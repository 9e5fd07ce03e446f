package org.ruralconsult.signaling.ws;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Handles one validated client message type. The result is the reply: a JSON object with a {@code
 * type} is sent as is (with {@code ref} added); without one it is sent as {@code ack}; a failed future
 * with a {@link ProtocolError} becomes an {@code error}.
 */
@FunctionalInterface
public interface MessageHandler {
    Future<JsonObject> handle(Connection connection, JsonObject message);
}
