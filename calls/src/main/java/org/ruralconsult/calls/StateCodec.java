package org.ruralconsult.calls;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.CallRinging;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.ParticipantLeft;
import org.ruralconsult.domain.event.VitalsRecorded;

/**
 * JSON form of calls and bus messages as they sit in the store. The domain module stays free of Jackson:
 * its polymorphic types get their type names here, through mix-ins.
 */
public final class StateCodec {
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CallCreated.class, name = "CallCreated"),
        @JsonSubTypes.Type(value = CallRinging.class, name = "CallRinging"),
        @JsonSubTypes.Type(value = CallAnswered.class, name = "CallAnswered"),
        @JsonSubTypes.Type(value = ParticipantJoined.class, name = "ParticipantJoined"),
        @JsonSubTypes.Type(value = ParticipantLeft.class, name = "ParticipantLeft"),
        @JsonSubTypes.Type(value = CallEnded.class, name = "CallEnded"),
        @JsonSubTypes.Type(value = ExpertConsultOrdered.class, name = "ExpertConsultOrdered"),
        @JsonSubTypes.Type(value = VitalsRecorded.class, name = "VitalsRecorded"),
        @JsonSubTypes.Type(value = ConsultNoteRecorded.class, name = "ConsultNoteRecorded"),
        @JsonSubTypes.Type(value = ConsultMessageSent.class, name = "ConsultMessageSent"),
        @JsonSubTypes.Type(value = ConsultRated.class, name = "ConsultRated")
    })
    private interface DomainEventMixin {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "@type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = BusMessage.CallUpdate.class, name = "call"),
        @JsonSubTypes.Type(value = BusMessage.PresenceUpdate.class, name = "presence"),
        @JsonSubTypes.Type(value = BusMessage.PairingBound.class, name = "pairing_bound"),
        @JsonSubTypes.Type(value = BusMessage.DeviceRevoked.class, name = "device_revoked"),
        @JsonSubTypes.Type(value = BusMessage.Custom.class, name = "custom")
    })
    private interface BusMessageMixin {}

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .addMixIn(DomainEvent.class, DomainEventMixin.class)
            .addMixIn(BusMessage.class, BusMessageMixin.class)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The mapper, configured for domain events too, for layers that serialize events themselves. */
    public ObjectMapper mapper() {
        return mapper;
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
