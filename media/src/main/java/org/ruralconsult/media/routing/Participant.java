package org.ruralconsult.media.routing;

import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ruralconsult.media.bwe.SendSideEstimator;
import org.ruralconsult.media.sdp.RtpCodec;
import org.ruralconsult.media.transport.WebRtcTransport;

/** One participant of a router: two transports, the tracks it publishes and the ones it gets. */
final class Participant {
    final String id;
    final RouterListener listener;
    final String cname;
    WebRtcTransport publishTransport;
    WebRtcTransport subscribeTransport;
    final Map<String, Producer> producersByMid = new HashMap<>();
    final IntObjectHashMap<StreamRef> streamsBySsrc = new IntObjectHashMap<>();
    final List<Consumer> consumers = new ArrayList<>();
    final IntObjectHashMap<Consumer> consumersBySsrc = new IntObjectHashMap<>();
    /** Subscribe m-sections in offer order; a null consumer is a section whose track is gone. */
    final List<SubscribeSlot> slots = new ArrayList<>();

    int nextMid;
    long subscribeVersion;
    final long subscribeSessionId = System.nanoTime() & 0xffffffffL;
    long publishVersion;
    boolean offerPending;
    boolean offerNeeded;
    boolean listenerNotified;
    boolean leaving;
    /** The member chose audio only: no video is sent to them (they stop sending theirs themselves). */
    boolean audioOnly;
    /** Largest picture height the member wants per track id (producer id); absent: no limit, 0: none. */
    final Map<String, Integer> preferredHeights = new HashMap<>();
    /** Splits this member's downlink among the video it receives (adaptive relays only). */
    final BandwidthAllocator allocator = new BandwidthAllocator();
    /** Whether its estimate says the link is full (see {@link LinkTrend}). */
    final LinkTrend linkTrend = new LinkTrend();
    /** The relay's estimate of this member's downlink, from the transport-cc feedback of its subscribe side. */
    final SendSideEstimator downlink = new SendSideEstimator();
    /**
     * What the relay would send this member if the link allowed (bits/s): above the estimate, it probes.
     * The layer allocator sets it; 0: the relay's own guess (the best layer of each producer it receives).
     */
    long desiredBitrateBps;

    Participant(String id, RouterListener listener) {
        this.id = id;
        this.listener = listener;
        this.cname = "rc-" + Integer.toHexString(id.hashCode());
    }

    /**
     * The relay's estimate of this member's downlink in bits/s, 0 when unknown: from the transport-cc
     * feedback of its subscribe side ({@link #downlink}), else from its REMB ({@link #rembEstimateBps}).
     */
    long linkEstimateBps() {
        long estimate = downlink.estimate();
        return estimate > 0 ? estimate : rembEstimateBps();
    }

    /**
     * The relay's estimate of this member's downlink in bits per second, 0 when unknown: for now the
     * total of the latest REMB it sent (split evenly over its video consumers when it came), plus the
     * audio it is sent: libwebrtc's receive-side estimate covers only packets with abs-send-time, which
     * the relay puts on video alone. Used when the member's client gives no transport-cc feedback.
     */
    long rembEstimateBps() {
        long latest = 0;
        long total = 0;
        long audio = 0;
        for (int i = 0, n = consumers.size(); i < n; i++) {
            Consumer c = consumers.get(i);
            if (!c.producer.video) {
                audio += c.producer.layers[0].stats.bytesLastPeriod * 8;
                continue;
            }
            if (c.rembNanos == 0) {
                continue;
            }
            if (latest == 0 || c.rembNanos - latest > 0) {
                latest = c.rembNanos;
                total = 0;
            }
            if (c.rembNanos == latest) {
                total += c.rembBitsPerSecond;
            }
        }
        return total == 0 ? 0 : total + audio;
    }

    /** One m-section of the subscribe PeerConnection. */
    static final class SubscribeSlot {
        final String mid;
        final String kind;
        Consumer consumer;
        final RtpCodec codec;

        SubscribeSlot(String mid, String kind, Consumer consumer) {
            this.mid = mid;
            this.kind = kind;
            this.consumer = consumer;
            this.codec = consumer.codec;
        }
    }
}
