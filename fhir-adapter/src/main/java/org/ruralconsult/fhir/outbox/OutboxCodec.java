package org.ruralconsult.fhir.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ruralconsult.domain.event.DomainEvent;

/**
 * JSON form of {@link OutboxRecord}s, shared by the disk log and the Redis stream. Events are written
 * with their simple class name as a tag, so the stored form stays readable and survives refactorings of
 * this module (not renames in the domain).
 */
public final class OutboxCodec {
    private static final Map<String, Class<?>> EVENT_TYPES = Arrays.stream(DomainEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String encode(OutboxRecord record) {
        try {
            ObjectNode node = json.createObjectNode();
            node.put("record", record.getClass().getSimpleName());
            if (record instanceof OutboxRecord.EventStored stored) {
                node.put("type", stored.event().getClass().getSimpleName());
                node.set("event", json.valueToTree(stored.event()));
            } else {
                node.set("body", json.valueToTree(record));
            }
            return json.writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot encode " + record, e);
        }
    }

    public OutboxRecord decode(String text) {
        try {
            JsonNode node = json.readTree(text);
            String kind = node.path("record").asText();
            return switch (kind) {
                case "EventStored" -> {
                    Class<?> type = EVENT_TYPES.get(node.path("type").asText());
                    if (type == null) throw new IllegalArgumentException("unknown event type in " + text);
                    yield new OutboxRecord.EventStored((DomainEvent) json.treeToValue(node.get("event"), type));
                }
                case "Delivered" -> json.treeToValue(node.get("body"), OutboxRecord.Delivered.class);
                case "Parked" -> json.treeToValue(node.get("body"), OutboxRecord.Parked.class);
                case "Released" -> json.treeToValue(node.get("body"), OutboxRecord.Released.class);
                default -> throw new IllegalArgumentException("unknown outbox record " + kind);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable outbox record: " + e.getOriginalMessage(), e);
        }
    }
}
