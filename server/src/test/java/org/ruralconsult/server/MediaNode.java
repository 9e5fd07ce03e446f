package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.media.TvCallMedia;

/** The signaling server with its in-process SFU on loopback (no FHIR server), and a libwebrtc client's publish. */
final class MediaNode {
    private MediaNode() {}

    /** A node whose SFU binds 127.0.0.1 on a free port, one worker; clinical records go nowhere. */
    static TestNode start() throws Exception {
        return TestNode.start(
                o -> o.mediaEnabled(true).mediaBind("127.0.0.1").mediaPort(0).mediaWorkers(1),
                null,
                null,
                ClinicalRecords.NONE);
    }

    /** Publishes {@code media}'s tracks into the call as {@code client} does in the console: offer, answer. */
    static void publish(WsClient client, TvCallMedia media, String callId) throws Exception {
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
