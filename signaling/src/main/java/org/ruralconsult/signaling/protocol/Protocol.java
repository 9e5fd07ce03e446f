package org.ruralconsult.signaling.protocol;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Version 1 of the WebSocket protocol: the message types a client may send, each with its JSON Schema
 * ({@code protocol/v1/<type>.schema.json}), and the schemas of what the server sends ({@code
 * protocol/v1/server/<type>.schema.json}). docs/protocol.md describes them.
 */
public final class Protocol {
    public static final int VERSION = 1;

    public static final List<String> CLIENT_TYPES = List.of(
            "hello",
            "ping",
            "presence.subscribe",
            "presence.set_on_duty",
            "call.create",
            "call.accept",
            "call.decline",
            "call.cancel",
            "call.invite",
            "call.leave",
            "call.rejoin",
            "call.end",
            "call.vitals",
            "call.note",
            "call.message",
            "call.rate",
            "pairing.request",
            "pairing.bind",
            "media.publish",
            "media.receive",
            "media.subscribe",
            "media.ice_restart",
            "media.audio_only",
            "media.prefer",
            "media.cap");

    public static final List<String> SERVER_TYPES = List.of(
            "welcome",
            "ack",
            "error",
            "pong",
            "presence.update",
            "call.update",
            "call.message",
            "pairing.code",
            "pairing.complete",
            "media.answer",
            "media.offer",
            "media.speaker",
            "media.video_paused");

    private final Map<String, JsonSchema> client = new LinkedHashMap<>();
    private final Map<String, JsonSchema> server = new LinkedHashMap<>();

    public Protocol() {
        CLIENT_TYPES.forEach(t -> client.put(t, load("protocol/v1/" + t + ".schema.json")));
        SERVER_TYPES.forEach(t -> server.put(t, load("protocol/v1/server/" + t + ".schema.json")));
    }

    public Optional<JsonSchema> clientSchema(String type) {
        return Optional.ofNullable(client.get(type));
    }

    public Optional<JsonSchema> serverSchema(String type) {
        return Optional.ofNullable(server.get(type));
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = Protocol.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing protocol schema " + resource);
            return new JsonSchema(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
