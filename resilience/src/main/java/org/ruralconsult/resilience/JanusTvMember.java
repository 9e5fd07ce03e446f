package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * The elder's TV against Janus's VideoRoom instead of our server: the same media code as {@link TvMember}
 * ({@link TvMediaEngine}, {@link TvCallMedia}), one publisher handle (the TV offers, Janus answers) and one
 * multistream subscriber handle for every other publisher of the room (Janus offers, the TV answers), over
 * {@link JanusSession}. Prints the same readings as {@link TvMember}, tracks named by the publisher's display
 * name (the party id). Ends when its stdin closes.
 *
 * <pre>java ... JanusTvMember JANUS_URL ROOM DISPLAY</pre>
 */
public final class JanusTvMember {
    private final TvMediaEngine engine = TvMediaEngine.synthetic(false, 640, 360, 15);
    /** Every Janus event is handled here, one at a time, in order. */
    private final ExecutorService signaling = Executors.newSingleThreadExecutor();
    /** Publisher's display name (party id) of each mid of the subscription. */
    private final Map<String, String> publisherByMid = new HashMap<>();
    /** Feeds seen in the room and not yet asked for, and those asked for. */
    private final Set<Long> wanted = new LinkedHashSet<>();

    private final Set<Long> asked = new LinkedHashSet<>();

    private final long room;
    private final String display;
    private JanusSession janus;
    private long publisher;
    private long subscriber;
    /** A subscription offer is awaited or being answered: Janus renegotiates one change at a time. */
    private boolean negotiating;

    private volatile TvCallMedia media;

    private JanusTvMember(long room, String display) {
        this.room = room;
        this.display = display;
    }

    public static void main(String[] args) throws Exception {
        JanusTvMember tv = new JanusTvMember(Long.parseLong(args[1]), args[2]);
        tv.join(args[0]);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> TvReadings.print(tv.media, tv.publisherByMid), 250, 250, TimeUnit.MILLISECONDS);
        while (System.in.read() >= 0) {
            // stdin closed: the run is over
        }
        sampler.shutdownNow();
        tv.janus.close();
        if (tv.media != null) {
            tv.media.close();
        }
        System.exit(0);
    }

    private void join(String url) throws Exception {
        janus = JanusSession.create(url, e -> signaling.execute(() -> onEvent(e)));
        publisher = janus.attach();
        subscriber = janus.attach();
        media = engine.newCall();
        media.addIceListener((side, state) -> TvReadings.event("ice " + side + " " + state));
        ObjectNode join = JanusSession.body("join")
                .put("ptype", "publisher")
                .put("room", room)
                .put("display", display);
        janus.message(publisher, join, null, null);
    }

    private void onEvent(JsonNode e) {
        try {
            String kind = e.path("janus").asText();
            long sender = e.path("sender").asLong();
            JsonNode data = e.path("plugindata").path("data");
            JsonNode jsep = e.path("jsep");
            if (!"event".equals(kind)) {
                // webrtcup, media, slowlink, hangup: kept as events of the TV's log
                TvReadings.event("janus " + kind + " " + sender + " "
                        + e.path("type").asText("") + e.path("reason").asText(""));
                return;
            }
            if (data.has("error")) {
                TvReadings.event("janus error " + data);
                return;
            }
            if (sender == publisher) {
                onPublisherEvent(data, jsep);
            } else if (sender == subscriber) {
                onSubscriberEvent(data, jsep);
            }
        } catch (Exception ex) {
            TvReadings.event("failed " + ex);
        }
    }

    private void onPublisherEvent(JsonNode data, JsonNode jsep) throws Exception {
        String what = data.path("videoroom").asText();
        if ("joined".equals(what)) {
            TvReadings.event(
                    "joined room " + room + " as feed " + data.path("id").asLong());
            String offer = media.publishOffer(false).get(10, TimeUnit.SECONDS);
            janus.message(publisher, JanusSession.body("publish").put("display", display), "offer", offer);
            janus.candidatesComplete(publisher);
        }
        if (jsep.has("sdp")) {
            media.publishAnswer(jsep.path("sdp").asText()).get(10, TimeUnit.SECONDS);
            TvReadings.event("published");
        }
        // the joined event lists who publishes already; later events list each new publisher
        for (JsonNode p : data.path("publishers")) {
            long feed = p.path("id").asLong();
            if (!asked.contains(feed)) {
                wanted.add(feed);
            }
        }
        subscribeWanted();
    }

    private void onSubscriberEvent(JsonNode data, JsonNode jsep) throws Exception {
        for (JsonNode s : data.path("streams")) {
            if (s.has("mid") && s.has("feed_display")) {
                synchronized (publisherByMid) {
                    publisherByMid.put(
                            s.path("mid").asText(), s.path("feed_display").asText());
                }
            }
        }
        if (jsep.has("sdp") && "offer".equals(jsep.path("type").asText())) {
            String answer = media.answerSubscribe(jsep.path("sdp").asText()).get(10, TimeUnit.SECONDS);
            janus.message(subscriber, JanusSession.body("start"), "answer", answer);
            janus.candidatesComplete(subscriber);
            TvReadings.event("subscribed " + asked);
            negotiating = false;
            subscribeWanted();
        }
    }

    /** Asks for the feeds not asked for yet: the first time a join, then a {@code subscribe} (Janus 1.x). */
    private void subscribeWanted() throws Exception {
        if (negotiating || wanted.isEmpty()) {
            return;
        }
        ObjectNode body;
        if (asked.isEmpty()) {
            body = JanusSession.body("join").put("ptype", "subscriber").put("room", room);
        } else {
            body = JanusSession.body("subscribe");
        }
        List<Long> feeds = new ArrayList<>(wanted);
        for (Long feed : feeds) {
            body.withArray("streams").addObject().put("feed", feed);
        }
        negotiating = true;
        asked.addAll(feeds);
        wanted.clear();
        janus.message(subscriber, body, null, null);
    }
}
