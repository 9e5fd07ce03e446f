package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtcp.RtcpDecoder;
import org.ruralconsult.media.rtcp.RtcpEncoder;
import org.ruralconsult.media.rtcp.RtcpException;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.Keyframes;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.sdp.OfferedTrack;
import org.ruralconsult.media.sdp.PublishNegotiation;
import org.ruralconsult.media.sdp.PublishedTrack;
import org.ruralconsult.media.sdp.SdpDecoder;
import org.ruralconsult.media.sdp.SdpException;
import org.ruralconsult.media.sdp.SubscribeNegotiation;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.TransportListener;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * One call: the participants, their producers and consumers, and the fan-out between them.
 * Pinned to one worker; every public method hops onto it and returns a future, so it is safe
 * from any thread. Everyone subscribes to everyone else automatically.
 */
public final class Router {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Router.class);
    private final String callId;
    private final Worker worker;
    private final RouterConfig config;
    private final PacketCounters counters = new PacketCounters();
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final TransportEvents events = new TransportEvents();
    private final Feedback feedback = new Feedback();
    private final int rtcpSsrc = ThreadLocalRandom.current().nextInt() | 4;
    private final Runnable onClosed;
    private final java.util.concurrent.Future<?> timer;
    private int producerCounter;
    private boolean closed;

    /** What a router needs from the relay's options. */
    public record RouterConfig(List<String> videoCodecs, double ingressLossForTest) {}

    public Router(String callId, Worker worker, RouterConfig config, Runnable onClosed) {
        this.callId = callId;
        this.worker = worker;
        this.config = config;
        this.onClosed = onClosed;
        this.timer = worker.scheduleAtFixedRate(this::everySecond, 1000);
    }

    public String callId() {
        return callId;
    }

    /** The worker this call is pinned to (its index and UDP port). */
    public Worker worker() {
        return worker;
    }

    // ---------------------------------------------------------------- public API

    /** Adds a participant; it will get every other participant's tracks. */
    public CompletableFuture<Void> join(String participantId, RouterListener listener) {
        return worker.submit(() -> {
            checkOpen();
            if (participants.containsKey(participantId)) {
                throw new IllegalStateException("already joined: " + participantId);
            }
            Participant p = new Participant(participantId, listener);
            participants.put(participantId, p);
            for (Participant other : participants.values()) {
                if (other != p) {
                    for (Producer producer : other.producersByMid.values()) {
                        addConsumer(p, producer);
                    }
                }
            }
            notifyOfferNeeded(p);
            return null;
        });
    }

    /**
     * Answers the participant's publish offer (client offers, relay answers). Call again with a
     * re-offer when tracks are added or removed, or with an ICE-restart offer.
     */
    public CompletableFuture<String> publish(String participantId, String offerSdp) {
        return worker.submit(() -> {
            Participant p = participant(participantId);
            try {
                return doPublish(p, offerSdp);
            } catch (RuntimeException e) {
                throw new SdpException("unusable publish offer: " + e);
            }
        });
    }

    /** The relay's offer for the participant's subscribe PeerConnection. */
    public CompletableFuture<String> subscribeOffer(String participantId) {
        return worker.submit(() -> doSubscribeOffer(participant(participantId)));
    }

    /** The client's answer to the last {@link #subscribeOffer}. */
    public CompletableFuture<Void> subscribeAnswer(String participantId, String answerSdp) {
        return worker.submit(() -> {
            Participant p = participant(participantId);
            if (p.subscribeTransport == null || !p.offerPending) {
                throw new IllegalStateException("no subscribe offer outstanding for " + p.id);
            }
            try {
                doSubscribeAnswer(p, answerSdp);
            } catch (RuntimeException e) {
                throw new SdpException("unusable subscribe answer: " + e);
            }
            return null;
        });
    }

    /**
     * ICE restart of the subscribe side: new relay credentials, then a new subscribe offer is
     * signalled through the listener. (The publish side restarts when the client sends an offer
     * with new credentials to {@link #publish}.)
     */
    public CompletableFuture<Void> restartIce(String participantId) {
        return worker.submit(() -> {
            Participant p = participant(participantId);
            if (p.subscribeTransport != null) {
                p.subscribeTransport.restartIce();
                p.offerNeeded = true;
                notifyOfferNeeded(p);
            }
            return null;
        });
    }

    /** Removes the participant, its producers (and everyone's consumers of them), its consumers. */
    public CompletableFuture<Void> leave(String participantId) {
        return worker.submit(() -> {
            Participant p = participants.get(participantId);
            if (p != null) {
                remove(p, null);
            }
            return null;
        });
    }

    public CompletableFuture<RouterStats> stats() {
        return worker.submit(() -> RouterStats.of(counters));
    }

    /** Participant ids currently in the call. */
    public CompletableFuture<List<String>> participantIds() {
        return worker.submit(() -> new ArrayList<>(participants.keySet()));
    }

    public CompletableFuture<Void> close() {
        return worker.submit(() -> {
            if (!closed) {
                for (Participant p : participants.values()) {
                    p.leaving = true; // no renegotiation while everyone goes
                }
                for (Participant p : new ArrayList<>(participants.values())) {
                    p.leaving = false;
                    remove(p, "router closed");
                }
                closed = true;
                timer.cancel(false);
                onClosed.run();
            }
            return null;
        });
    }

    /** Counters of this router (worker thread only; for tests on the worker). */
    public PacketCounters countersOnWorker() {
        return counters;
    }

    /** Test access: a participant's publish or subscribe transport (worker thread). */
    WebRtcTransport transportOf(String participantId, boolean publish) {
        Participant p = participant(participantId);
        return publish ? p.publishTransport : p.subscribeTransport;
    }

    // ---------------------------------------------------------------- signaling, on the worker

    private Participant participant(String id) {
        checkOpen();
        Participant p = participants.get(id);
        if (p == null) {
            throw new IllegalStateException("not joined: " + id);
        }
        return p;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("router closed: " + callId);
        }
    }

    private String doPublish(Participant p, String offerSdp) throws SdpException {
        var offer = SdpDecoder.decode(offerSdp);
        if (p.publishTransport == null) {
            p.publishTransport =
                    worker.createTransport(callId + "/" + p.id + "/pub", events, counters, config.ingressLossForTest());
            p.publishTransport.owner(p);
        } else {
            var before = p.publishTransport.remoteParameters();
            String ufrag = offer.media.isEmpty() ? null : offer.valueFor(offer.media.get(0), "ice-ufrag");
            if (before != null && ufrag != null && !ufrag.equals(before.ufrag())) {
                p.publishTransport.restartIce(); // RFC 8445 §9: the client restarted ICE
            }
        }
        var result = PublishNegotiation.answer(
                offer, p.publishTransport.localEndpoint(), config.videoCodecs(), ++p.publishVersion);
        p.publishTransport.remoteParameters(
                result.remote(), "passive".equals(result.remote().setup()));
        List<String> sendingMids = new ArrayList<>();
        for (PublishedTrack t : result.tracks()) {
            sendingMids.add(t.mid());
            if (!p.producersByMid.containsKey(t.mid())) {
                addProducer(p, t);
            }
        }
        for (Producer gone : new ArrayList<>(p.producersByMid.values())) {
            if (!sendingMids.contains(gone.track.mid())) {
                removeProducer(gone);
            }
        }
        return result.answer();
    }

    private void addProducer(Participant p, PublishedTrack t) {
        Producer producer = new Producer(callId + "/" + p.id + "/" + (++producerCounter), p, t);
        p.producersByMid.put(t.mid(), producer);
        for (ProducerStream s : producer.layers) {
            if (s.ssrc != 0) {
                p.streamsBySsrc.put(s.ssrc, new StreamRef(producer, s.layer, false));
            }
            if (s.rtxSsrc != 0) {
                p.streamsBySsrc.put(s.rtxSsrc, new StreamRef(producer, s.layer, true));
            }
        }
        for (Participant other : participants.values()) {
            if (other != p) {
                addConsumer(other, producer);
                notifyOfferNeeded(other);
            }
        }
    }

    private void removeProducer(Producer producer) {
        Participant p = producer.publisher;
        p.producersByMid.remove(producer.track.mid());
        p.streamsBySsrc.values().removeIf(ref -> ref.producer() == producer);
        for (Consumer c : new ArrayList<>(producer.consumers)) {
            removeConsumer(c);
            notifyOfferNeeded(c.subscriber);
        }
    }

    private void addConsumer(Participant subscriber, Producer producer) {
        Consumer c = new Consumer(producer, subscriber, String.valueOf(subscriber.nextMid++));
        producer.consumers.add(c);
        subscriber.consumers.add(c);
        subscriber.consumersBySsrc.put(c.ssrc, c);
        if (c.rtxSsrc != 0) {
            subscriber.consumersBySsrc.put(c.rtxSsrc, c);
        }
        subscriber.slots.add(new Participant.SubscribeSlot(c.mid, producer.track.kind(), c));
        subscriber.offerNeeded = true;
    }

    private void removeConsumer(Consumer c) {
        c.producer.consumers.remove(c);
        c.subscriber.consumers.remove(c);
        c.subscriber.consumersBySsrc.remove(c.ssrc);
        if (c.rtxSsrc != 0) {
            c.subscriber.consumersBySsrc.remove(c.rtxSsrc);
        }
        for (Participant.SubscribeSlot s : c.subscriber.slots) {
            if (s.consumer == c) {
                s.consumer = null;
            }
        }
        c.subscriber.offerNeeded = true;
    }

    private void notifyOfferNeeded(Participant p) {
        if (p.offerNeeded && !p.offerPending && !p.listenerNotified && !p.leaving) {
            p.listenerNotified = true;
            try {
                p.listener.onSubscribeOfferNeeded(p.id);
            } catch (RuntimeException e) {
                LOG.warn("listener of {} failed: {}", p.id, e.toString());
            }
        }
    }

    private String doSubscribeOffer(Participant p) {
        if (p.subscribeTransport == null) {
            p.subscribeTransport = worker.createTransport(callId + "/" + p.id + "/sub", events, counters, 0);
            p.subscribeTransport.owner(p);
        }
        List<OfferedTrack> tracks = new ArrayList<>();
        for (Participant.SubscribeSlot s : p.slots) {
            Consumer c = s.consumer;
            if (c == null) {
                tracks.add(new OfferedTrack(s.mid, s.kind, s.codec, 0, 0, p.cname, "-", "-", false));
            } else {
                PublishedTrack t = c.producer.track;
                tracks.add(new OfferedTrack(
                        s.mid,
                        s.kind,
                        c.codec,
                        c.ssrc,
                        c.rtxSsrc,
                        c.producer.publisher.cname,
                        c.producer.publisher.id,
                        c.producer.id,
                        true));
            }
        }
        p.offerPending = true;
        p.offerNeeded = false;
        p.listenerNotified = false;
        return SubscribeNegotiation.offer(
                tracks, p.subscribeTransport.localEndpoint(), p.subscribeSessionId, ++p.subscribeVersion);
    }

    private void doSubscribeAnswer(Participant p, String answerSdp) throws SdpException {
        if (p.subscribeTransport == null || !p.offerPending) {
            throw new IllegalStateException("no subscribe offer outstanding for " + p.id);
        }
        var answer = SubscribeNegotiation.readAnswer(SdpDecoder.decode(answerSdp));
        if (answer.remote() != null) {
            p.subscribeTransport.remoteParameters(
                    answer.remote(), "passive".equals(answer.remote().setup()));
        }
        for (Consumer c : p.consumers) {
            var ids = answer.extensions().get(c.mid);
            if (ids != null && !answer.rejectedMids().contains(c.mid)) {
                boolean wasReady = c.ready();
                c.extensions = ids;
                c.negotiated = true;
                if (!wasReady && c.ready()) {
                    requestKeyframe(c.producer, c.producer.targetLayer);
                }
            }
        }
        p.offerPending = false;
        notifyOfferNeeded(p);
    }

    private void remove(Participant p, String reason) {
        if (p.leaving) {
            return;
        }
        p.leaving = true;
        participants.remove(p.id);
        for (Producer producer : new ArrayList<>(p.producersByMid.values())) {
            removeProducer(producer);
        }
        for (Consumer c : new ArrayList<>(p.consumers)) {
            removeConsumer(c);
        }
        if (p.publishTransport != null) {
            p.publishTransport.close("participant left");
        }
        if (p.subscribeTransport != null) {
            p.subscribeTransport.close("participant left");
        }
        if (reason != null) {
            try {
                p.listener.onParticipantGone(p.id, reason);
            } catch (RuntimeException e) {
                LOG.warn("listener of {} failed: {}", p.id, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- media, on the worker

    private final class TransportEvents implements TransportListener {
        @Override
        public void onConnected(WebRtcTransport t) {
            Participant p = (Participant) t.owner();
            if (t == p.subscribeTransport) {
                for (Consumer c : p.consumers) {
                    if (c.ready()) {
                        requestKeyframe(c.producer, c.producer.targetLayer);
                    }
                }
            } else {
                // subscribers may have connected first: their start-up PLI could not go out then
                for (Producer producer : p.producersByMid.values()) {
                    for (Consumer c : producer.consumers) {
                        if (c.ready()) {
                            requestKeyframe(producer, producer.targetLayer);
                            break;
                        }
                    }
                }
            }
        }

        @Override
        public void onRtp(WebRtcTransport t, PacketScratch packet) {
            Participant p = (Participant) t.owner();
            if (t != p.publishTransport) {
                counters.drop(DropReason.UNKNOWN_SSRC);
                return;
            }
            forward(p, packet);
        }

        @Override
        public void onRtcp(WebRtcTransport t, PacketScratch packet) {
            Participant p = (Participant) t.owner();
            feedback.from(p, t == p.publishTransport);
            try {
                RtcpDecoder.decode(packet.getBuffer(), packet.getOffset(), packet.getLength(), feedback);
            } catch (RtcpException e) {
                counters.drop(DropReason.RTCP_MALFORMED);
            }
            feedback.flushUpstreamNacks();
        }

        @Override
        public void onClosed(WebRtcTransport t, String reason) {
            Participant p = (Participant) t.owner();
            if (!p.leaving && participants.get(p.id) == p) {
                remove(p, reason);
            }
        }
    }

    /** The forwarding path: one incoming RTP packet to every consumer of its producer. */
    void forward(Participant p, PacketScratch in) {
        byte[] b = in.getBuffer();
        int off = in.getOffset();
        int len = in.getLength();
        int ssrc = RtpHeader.ssrc(b, off);
        StreamRef ref = p.streamsBySsrc.get(ssrc);
        if (ref == null) {
            ref = learnSsrc(p, b, off, len, ssrc);
            if (ref == null) {
                counters.drop(DropReason.UNKNOWN_SSRC);
                return;
            }
        }
        Producer producer = ref.producer();
        ProducerStream stream = producer.layers[ref.layer()];
        boolean retransmission = ref.rtx();
        if (retransmission) {
            len = unwrapRtx(b, off, len, stream.ssrc, producer.track.codec().payloadType());
            if (len < 0) {
                counters.drop(DropReason.RTX_PADDING);
                return;
            }
        }
        long now = System.nanoTime();
        int seq = RtpHeader.sequence(b, off);
        long ts = RtpHeader.timestamp(b, off);
        stream.lastPacketNanos = now;
        if (!retransmission) {
            stream.stats.onPacket(seq, ts, now, len);
        }
        if (stream.buffer != null) {
            stream.buffer.store(b, off, len, seq, now);
        }
        boolean keyframe = producer.video && isKeyframe(producer, b, off, len);
        PacketScratch out = worker.rtpScratch();
        List<Consumer> consumers = producer.consumers;
        for (int i = 0, n = consumers.size(); i < n; i++) {
            Consumer c = consumers.get(i);
            if (!c.ready()) {
                continue;
            }
            if (retransmission) {
                if (c.currentLayer != ref.layer()) {
                    continue;
                }
                int w = c.writeRtx(b, off, len, out.getBuffer());
                if (w > 0) {
                    out.setOffset(0);
                    out.setLength(w);
                    if (c.subscriber.subscribeTransport.sendRtp(out)) {
                        counters.rtxSent++;
                    }
                }
                continue;
            }
            if (!c.accept(ref.layer(), b, off, seq, ts, keyframe)) {
                if (ref.layer() == producer.targetLayer && c.currentLayer != ref.layer()) {
                    requestKeyframe(producer, ref.layer());
                }
                continue;
            }
            int w = c.write(b, off, len, out.getBuffer());
            if (w > 0) {
                out.setOffset(0);
                out.setLength(w);
                if (c.subscriber.subscribeTransport.sendRtp(out)) {
                    counters.rtpForwarded++;
                }
            }
        }
    }

    private static boolean isKeyframe(Producer producer, byte[] b, int off, int len) {
        int h = RtpHeader.headerLength(b, off, len);
        int payload = len - h - RtpHeader.paddingLength(b, off, len);
        String codec = producer.track.codec().name();
        return codec.equalsIgnoreCase("VP8") ? Keyframes.vp8(b, off + h, payload) : Keyframes.h264(b, off + h, payload);
    }

    /** RFC 4588 §4: restore the original packet from an RTX one, in place. Returns the new length. */
    private static int unwrapRtx(byte[] b, int off, int len, int mediaSsrc, int mediaPt) {
        int h = RtpHeader.headerLength(b, off, len);
        int pad = RtpHeader.paddingLength(b, off, len);
        int payload = len - h - pad;
        if (payload < 2 || mediaSsrc == 0) {
            return -1;
        }
        int osn = RtpHeader.readShort(b, off + h);
        System.arraycopy(b, off + h + 2, b, off + h, payload - 2);
        b[off] &= (byte) ~0x20;
        RtpHeader.sequence(b, off, osn);
        RtpHeader.ssrc(b, off, mediaSsrc);
        RtpHeader.payloadType(b, off, mediaPt);
        return h + payload - 2;
    }

    /** An SSRC the SDP did not list (simulcast by rid): identify it by mid and rid extensions. */
    private StreamRef learnSsrc(Participant p, byte[] b, int off, int len, int ssrc) {
        var ids = p.producersByMid.isEmpty()
                ? null
                : p.producersByMid.values().iterator().next().track.extensions();
        if (ids == null) {
            return null;
        }
        String mid = extensionString(b, off, len, ids.id(HeaderExtension.MID));
        Producer producer = mid == null ? null : p.producersByMid.get(mid);
        if (producer == null) {
            return null;
        }
        String rid = extensionString(b, off, len, producer.track.extensions().id(HeaderExtension.RID));
        String repaired =
                extensionString(b, off, len, producer.track.extensions().id(HeaderExtension.REPAIRED_RID));
        int layer = rid != null ? producer.layerByRid(rid) : repaired != null ? producer.layerByRid(repaired) : 0;
        if (layer < 0 || (rid == null && repaired == null && producer.layers.length > 1)) {
            return null;
        }
        boolean rtx = repaired != null
                || RtpHeader.payloadType(b, off) == producer.track.codec().rtxPayloadType();
        ProducerStream s = producer.layers[layer];
        if (rtx) {
            s.rtxSsrc = ssrc;
        } else {
            s.ssrc = ssrc;
        }
        StreamRef ref = new StreamRef(producer, layer, rtx);
        p.streamsBySsrc.put(ssrc, ref);
        return ref;
    }

    private static String extensionString(byte[] b, int off, int len, int id) {
        long found = RtpHeader.findExtension(b, off, len, id);
        if (found < 0) {
            return null;
        }
        return new String(
                b, off + (int) (found >> 16), (int) (found & 0xffff), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** PLI to the publisher, at most one per {@link Producer#KEYFRAME_REQUEST_INTERVAL_NANOS}. */
    private void requestKeyframe(Producer producer, int layer) {
        if (!producer.video) {
            return;
        }
        long now = System.nanoTime();
        if (now - producer.lastKeyframeRequestNanos < Producer.KEYFRAME_REQUEST_INTERVAL_NANOS) {
            return;
        }
        WebRtcTransport t = producer.publisher.publishTransport;
        int ssrc = producer.layers[Math.max(0, layer)].ssrc;
        if (t == null || !t.isConnected() || ssrc == 0) {
            return;
        }
        producer.lastKeyframeRequestNanos = now;
        PacketScratch s = worker.rtcpScratch();
        s.setLength(RtcpEncoder.pli(s.getBuffer(), 0, rtcpSsrc, ssrc));
        if (t.sendRtcp(s)) {
            counters.keyframeRequestsSent++;
        }
    }

    /** Once a second: receiver reports to publishers, simulcast target layers. */
    private void everySecond() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (Participant p : participants.values()) {
            WebRtcTransport t = p.publishTransport;
            if (t == null || !t.isConnected() || p.producersByMid.isEmpty()) {
                continue;
            }
            PacketScratch s = worker.rtcpScratch();
            byte[] b = s.getBuffer();
            int blocks = 0;
            int q = 8;
            for (Producer producer : p.producersByMid.values()) {
                producer.chooseTargetLayer();
                for (ProducerStream st : producer.layers) {
                    if (!st.stats.started() || blocks == 31) {
                        continue;
                    }
                    long dlsr = st.stats.lastSrArrivalNanos == 0
                            ? 0
                            : (now - st.stats.lastSrArrivalNanos) * 65536 / 1_000_000_000L;
                    q = RtcpEncoder.reportBlock(
                            b,
                            q,
                            st.ssrc,
                            st.stats.takeFractionLost(),
                            st.stats.cumulativeLost(),
                            st.stats.extendedHighest(),
                            st.stats.jitter(),
                            st.stats.lastSrMiddle,
                            dlsr);
                    blocks++;
                }
            }
            if (blocks == 0) {
                continue;
            }
            RtcpEncoder.receiverReport(b, 0, rtcpSsrc, blocks);
            q = appendRemb(p, b, q, now);
            s.setLength(q);
            if (t.sendRtcp(s)) {
                counters.receiverReportsSent++;
            }
        }
        worker.output().flush();
    }

    private final int[] rembSsrcs = new int[8];

    /**
     * REMB to a publisher: for its video, the lowest estimate among its subscribers (each
     * subscriber's REMB split evenly over the video streams it receives), so the publisher sends
     * what the slowest subscriber can take. Estimates older than 3 s are ignored.
     */
    private int appendRemb(Participant p, byte[] b, int q, long now) {
        long min = Long.MAX_VALUE;
        int n = 0;
        for (Producer producer : p.producersByMid.values()) {
            if (!producer.video) {
                continue;
            }
            for (Consumer c : producer.consumers) {
                if (c.rembNanos != 0 && now - c.rembNanos < 3_000_000_000L) {
                    min = Math.min(min, c.rembBitsPerSecond);
                }
            }
            for (ProducerStream st : producer.layers) {
                if (st.ssrc != 0 && n < rembSsrcs.length) {
                    rembSsrcs[n++] = st.ssrc;
                }
            }
        }
        if (min == Long.MAX_VALUE || n == 0) {
            return q;
        }
        counters.rembSent++;
        return RtcpEncoder.remb(b, q, rtcpSsrc, min, rembSsrcs, n);
    }

    /** RTCP from a participant: sender reports, NACKs and key frame requests. */
    private final class Feedback implements org.ruralconsult.media.rtcp.RtcpHandler {
        private Participant from;
        private boolean fromPublisher;
        private final int[] upstreamIds = new int[64];
        private final int[] upstreamMasks = new int[64];
        private int upstreamCount;
        private ProducerStream upstreamStream;
        private Producer upstreamProducer;

        void from(Participant p, boolean publisher) {
            from = p;
            fromPublisher = publisher;
            upstreamCount = 0;
            upstreamStream = null;
        }

        @Override
        public void onSenderReport(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
            if (!fromPublisher) {
                return;
            }
            StreamRef ref = from.streamsBySsrc.get(ssrc);
            if (ref == null || ref.rtx()) {
                return;
            }
            ProducerStream st = ref.producer().layers[ref.layer()];
            st.stats.lastSrMiddle = (ntp >>> 16) & 0xffffffffL;
            st.stats.lastSrArrivalNanos = System.nanoTime();
            List<Consumer> consumers = ref.producer().consumers;
            for (int i = 0, n = consumers.size(); i < n; i++) {
                Consumer c = consumers.get(i);
                if (!c.ready() || c.currentLayer != ref.layer()) {
                    continue;
                }
                PacketScratch s = worker.rtcpScratch();
                s.setLength(RtcpEncoder.senderReport(
                        s.getBuffer(), 0, c.ssrc, ntp, c.outTimestamp(rtpTimestamp), c.packetsSent, c.octetsSent));
                if (c.subscriber.subscribeTransport.sendRtcp(s)) {
                    counters.senderReportsTranslated++;
                }
            }
        }

        @Override
        public void onNack(int senderSsrc, int mediaSsrc, int packetId, int bitmask) {
            if (fromPublisher) {
                return;
            }
            Consumer c = from.consumersBySsrc.get(mediaSsrc);
            if (c == null || c.currentLayer < 0) {
                return;
            }
            counters.nackPacketsReceived++;
            ProducerStream st = c.producer.layers[c.currentLayer];
            long now = System.nanoTime();
            for (int bit = -1; bit < 16; bit++) {
                if (bit >= 0 && (bitmask & (1 << bit)) == 0) {
                    continue;
                }
                int outSeq = (packetId + bit + 1) & 0xffff;
                counters.nackedSequences++;
                int seq = c.producerSeq(outSeq);
                int slot = st.buffer == null ? -1 : st.buffer.find(seq, now);
                if (slot >= 0) {
                    PacketScratch out = worker.rtpScratch();
                    int w = c.writeRtx(st.buffer.data(slot), 0, st.buffer.length(slot), out.getBuffer());
                    if (w > 0) {
                        out.setLength(w);
                        if (c.subscriber.subscribeTransport.sendRtp(out)) {
                            counters.rtxSent++;
                            counters.retransmissionsFromBuffer++;
                        }
                    }
                } else if (upstreamCount < upstreamIds.length) {
                    upstreamStream = st;
                    upstreamProducer = c.producer;
                    upstreamIds[upstreamCount] = seq;
                    upstreamMasks[upstreamCount] = 0;
                    upstreamCount++;
                }
            }
        }

        /** NACKs for packets the relay never got go to the publisher, in its sequence numbers. */
        void flushUpstreamNacks() {
            if (upstreamCount == 0 || upstreamStream == null) {
                return;
            }
            WebRtcTransport t = upstreamProducer.publisher.publishTransport;
            if (t != null && t.isConnected() && upstreamStream.ssrc != 0) {
                PacketScratch s = worker.rtcpScratch();
                s.setLength(RtcpEncoder.nack(
                        s.getBuffer(), 0, rtcpSsrc, upstreamStream.ssrc, upstreamIds, upstreamMasks, upstreamCount));
                if (t.sendRtcp(s)) {
                    counters.nacksForwarded++;
                }
            }
            upstreamCount = 0;
            upstreamStream = null;
        }

        @Override
        public void onRemb(int senderSsrc, long bitsPerSecond, byte[] b, int ssrcOffset, int ssrcCount) {
            if (fromPublisher || ssrcCount == 0) {
                return;
            }
            int video = 0;
            for (int i = 0; i < ssrcCount; i++) {
                Consumer c = from.consumersBySsrc.get(RtpHeader.readInt(b, ssrcOffset + 4 * i));
                if (c != null && c.producer.video) {
                    video++;
                }
            }
            if (video == 0) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < ssrcCount; i++) {
                Consumer c = from.consumersBySsrc.get(RtpHeader.readInt(b, ssrcOffset + 4 * i));
                if (c != null && c.producer.video) {
                    c.rembBitsPerSecond = bitsPerSecond / video;
                    c.rembNanos = now;
                }
            }
        }

        @Override
        public void onKeyframeRequest(int senderSsrc, int mediaSsrc) {
            if (fromPublisher) {
                return;
            }
            Consumer c = from.consumersBySsrc.get(mediaSsrc);
            if (c != null) {
                requestKeyframe(c.producer, c.currentLayer < 0 ? c.producer.targetLayer : c.currentLayer);
            }
        }
    }
}
