package org.ruralconsult.signaling.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.tv.media.TvCallMedia;

/** A libwebrtc client's publish through the protocol, as the console and the TV do: offer, answer. */
public final class MediaPublish {
    private MediaPublish() {}

    /** Publishes {@code media}'s tracks into the call as {@code client}; fails the test on an error reply. */
    public static void publish(WsClient client, TvCallMedia media, String callId) throws Exception {
        String offer = media.publishOffer(false).get(10, TimeUnit.SECONDS);
        JsonObject answer = client.request(
                new JsonObject()
                        .put("type", "media.publish")
                        .put("callId", callId)
                        .put("sdp", offer),
                "media.answer");
        assertEquals("media.answer", answer.getString("type"), answer.encode());
        media.publishAnswer(answer.getString("sdp")).get(10, TimeUnit.SECONDS);
    }
}
