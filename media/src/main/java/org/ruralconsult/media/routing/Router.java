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
import org.ruralconsult.media.rtcp.RtcpException;
import org.ruralconsult.media.rtp.HeaderExtension;
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
    private final CallContext call;
    private final KeyframeRequests keyframes;
    private final Forwarder forwarder;
    private final RtcpFeedback feedback;
    private final PublisherReports reports;
    private final LayerSelection layers;
    private final java.util.concurrent.Future<?> allocationTimer;
    private final PublisherFeedback publisherFeedback;
    private final DownlinkProbes probes;
    /** Transport-cc feedback to publishers and probes to subscribers; null when not adaptive. */
    private final java.util.concurrent.Future<?> feedbackTimer;

    private final Runnable onClosed;
    private final java.util.concurrent.Future<?> timer;
    private final DominantSpeaker speaker = new DominantSpeaker();
    private final java.util.concurrent.Future<?> speakerTimer;
    private int producerCounter;
    private boolean closed;
    /** Most bits per second sent to each member and asked of each publisher; 0: no cap (metered links). */
    private long bitrateCap;

    /**
     * What a router needs from the relay's options.
     *
     * @param adaptive ({@code MediaOptions.adaptive}) each subscriber's simulcast layers chosen for its link
     *     and wishes; transport-cc both ways, the relay's own estimate per subscriber, no subscriber REMB to
     *     publishers. False: every subscriber gets the producer's busiest layer, REMB passed on as before
     */
    public record RouterConfig(List<String> videoCodecs, double ingressLossForTest, boolean adaptive) {
        public RouterConfig(List<String> videoCodecs, double ingressLossForTest) {
            this(videoCodecs, ingressLossForTest, org.ruralconsult.media.MediaOptions.DEFAULT_ADAPTIVE);
        }
    }

    /** How often each subscriber's layers are chosen again (also at once when its wishes change). */
    static final long ALLOCATION_PERIOD_MILLIS = 500;

    /** Transport-cc feedback to publishers every 50 ms (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3). */
    static final long FEEDBACK_INTERVAL_MILLIS = 50;

    /**
     * @param buffers the idle retransmission buffers of {@code worker}, shared by every router on it
     */
    public Router(
            String callId, Worker worker, RouterConfig config, RetransmissionBufferPool buffers, Runnable onClosed) {
        this.callId = callId;
        this.worker = worker;
        this.config = config;
        this.onClosed = onClosed;
        this.call =
                new CallContext(worker, counters, ThreadLocalRandom.current().nextInt() | 4, buffers);
        this.keyframes = new KeyframeRequests(this.call);
        this.forwarder = new Forwarder(this.call, keyframes);
        this.feedback = new RtcpFeedback(this.call, keyframes);
        this.reports = new PublisherReports(this.call);
        this.publisherFeedback = new PublisherFeedback(this.call);
        this.probes = new DownlinkProbes(this.call);
        this.timer = worker.scheduleAtFixedRate(this::everySecond, 1000);
        this.speakerTimer = worker.scheduleAtFixedRate(this::pickSpeaker, DominantSpeaker.TICK_MILLIS);
        this.layers = new LayerSelection(this.call, keyframes);
        this.allocationTimer =
                config.adaptive() ? worker.scheduleAtFixedRate(this::allocate, ALLOCATION_PERIOD_MILLIS) : null;
        this.feedbackTimer = config.adaptive()
                ? worker.scheduleAtFixedRate(this::everyFeedbackInterval, FEEDBACK_INTERVAL_MILLIS)
                : null;
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
            if (speaker.current() != null) {
                tellSpeaker(p);
            }
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
            } else if (p.offerNeeded) {
                notifyOfferNeeded(p); // the subscribe transport was dropped: the next offer makes a new one
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

    /**
     * The participant wants audio only ({@code on}) or video again: no video is sent to them while on.
     * Their own video is theirs to stop (the client removes its track and re-offers).
     */
    public CompletableFuture<Void> audioOnly(String participantId, boolean on) {
        return worker.submit(() -> {
            Participant p = participant(participantId);
            p.audioOnly = on;
            allocate(p);
            return null;
        });
    }

    /**
     * The largest picture height the participant wants of one track: {@code trackId} is the producer id
     * (the msid track id of the subscribe offer); 0 pauses that track, {@link Integer#MAX_VALUE} asks for
     * the best. A TV showing one member large and another as a thumbnail asks differently for each.
     */
    public CompletableFuture<Void> preferredHeight(String participantId, String trackId, int maxHeight) {
        return worker.submit(() -> {
            if (maxHeight < 0) {
                throw new IllegalArgumentException("maxHeight < 0: " + maxHeight);
            }
            Participant p = participant(participantId);
            p.preferredHeights.put(trackId, maxHeight);
            allocate(p);
            return null;
        });
    }

    /** Caps the bits per second sent to each member of this call (metered links); 0 removes the cap. */
    public CompletableFuture<Void> capBitrate(long bitsPerSecond) {
        return worker.submit(() -> {
            if (bitsPerSecond < 0) {
                throw new IllegalArgumentException("bitsPerSecond < 0: " + bitsPerSecond);
            }
            checkOpen();
            bitrateCap = bitsPerSecond;
            allocate();
            return null;
        });
    }

    /** The member heard most lately (see {@link RouterListener#onDominantSpeaker}), or null. */
    public CompletableFuture<String> dominantSpeaker() {
        return worker.submit(speaker::current);
    }

    /**
     * The relay's current estimate of each member's downlink in bits/s (from the transport-cc feedback of its
     * subscribe side; 0 when unknown, and always 0 when not adaptive).
     */
    public CompletableFuture<Map<String, Long>> linkEstimates() {
        return worker.submit(() -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Participant p : participants.values()) {
                m.put(p.id, p.linkEstimateBps());
            }
            return m;
        });
    }

    public CompletableFuture<RouterStats> stats() {
        return worker.submit(() -> RouterStats.of(counters));
    }

    /** What each subscriber gets of each track it receives: layer chosen and sent, height, rate. */
    public CompletableFuture<List<ConsumerStats>> consumerStats() {
        return worker.submit(() -> {
            List<ConsumerStats> all = new ArrayList<>();
            for (Participant p : participants.values()) {
                for (Consumer c : p.consumers) {
                    all.add(LayerSelection.stats(c));
                }
            }
            return all;
        });
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
                speakerTimer.cancel(false);
                if (allocationTimer != null) {
                    allocationTimer.cancel(false);
                }
                if (feedbackTimer != null) {
                    feedbackTimer.cancel(false);
                }
                onClosed.run();
            }
            return null;
        });
    }

    /** Counters of this router (worker thread only; for tests on the worker). */
    public PacketCounters countersOnWorker() {
        return counters;
    }

    /** Test hook: every subscriber's transport-cc feedback after the estimator took it (worker thread). */
    CompletableFuture<Void> feedbackTap(FeedbackTap tap) {
        return worker.submit(() -> {
            feedback.tap = tap;
            return null;
        });
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
                offer, p.publishTransport.localEndpoint(), config.videoCodecs(), ++p.publishVersion, config.adaptive());
        p.publishTransport.receiveTransportCc(transportCcId(result.tracks()));
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
        Producer producer = new Producer(callId + "/" + p.id + "/" + (++producerCounter), p, t, call.buffers());
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
        for (ProducerStream s : producer.layers) {
            s.release(call.buffers());
        }
    }

    private void addConsumer(Participant subscriber, Producer producer) {
        Consumer c = new Consumer(producer, subscriber, String.valueOf(subscriber.nextMid++), config.adaptive());
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
                tracks,
                p.subscribeTransport.localEndpoint(),
                p.subscribeSessionId,
                ++p.subscribeVersion,
                config.adaptive());
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
        int transportCc = 0;
        for (var e : answer.extensions().entrySet()) {
            if (!answer.rejectedMids().contains(e.getKey())) {
                transportCc = Math.max(transportCc, e.getValue().id(HeaderExtension.TRANSPORT_CC));
            }
        }
        p.subscribeTransport.sendTransportCc(config.adaptive() ? transportCc : 0);
        for (Consumer c : p.consumers) {
            var ids = answer.extensions().get(c.mid);
            if (ids != null && !answer.rejectedMids().contains(c.mid)) {
                boolean wasReady = c.ready();
                c.extensions = ids;
                c.negotiated = true;
                c.red = answer.redMids().contains(c.mid);
                if (!wasReady && c.ready()) {
                    keyframes.request(c.producer, Math.max(0, c.wantedLayer()));
                }
            }
        }
        p.offerPending = false;
        notifyOfferNeeded(p);
    }

    /**
     * The subscribe transport is gone (consent lost, never connected, DTLS failed) while the publish
     * transport lives. Consent is kept per selected candidate pair (RFC 7675 §5.1), and the publish and
     * subscribe PeerConnections are two ICE sessions with their own pairs: the participant's own media
     * keeps flowing, only what it receives stops.
     * Its consumers stay and resume on a fresh transport from the next subscribe offer: at once when
     * the old one had connected (the client can reconnect), at the next change of tracks when it never
     * had (the client did not act on the last offer; offering again now would only repeat it).
     */
    private void dropSubscribeSide(Participant p, WebRtcTransport t, String reason) {
        LOG.info("{} in {}: subscribe transport closed ({}); publishing goes on", p.id, callId, reason);
        p.subscribeTransport = null;
        p.offerPending = false;
        p.offerNeeded = true;
        p.listenerNotified = false;
        if (t.everChecked()) {
            notifyOfferNeeded(p);
        }
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
                        keyframes.request(c.producer, Math.max(0, c.wantedLayer()));
                    }
                }
            } else {
                // subscribers may have connected first: their start-up PLI could not go out then
                for (Producer producer : p.producersByMid.values()) {
                    for (Consumer c : producer.consumers) {
                        if (c.ready()) {
                            keyframes.request(producer, Math.max(0, c.wantedLayer()));
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
            forwarder.forward(p, packet);
            if (feedbackTimer != null) {
                publisherFeedback.afterPacket(p, t);
            }
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
            if (p.leaving || participants.get(p.id) != p) {
                return;
            }
            if (t == p.subscribeTransport && p.publishTransport != null && !p.publishTransport.isClosed()) {
                dropSubscribeSide(p, t, reason);
            } else {
                remove(p, reason);
            }
        }
    }

    /** Every subscriber's layers chosen again (timer, cap changed). */
    private void allocate() {
        if (!closed && config.adaptive()) {
            long now = System.nanoTime();
            for (Participant p : participants.values()) {
                layers.run(p, bitrateCap, speaker.current(), now);
            }
        }
    }

    /** One subscriber's layers chosen again (its wishes changed). */
    private void allocate(Participant p) {
        if (config.adaptive()) {
            layers.run(p, bitrateCap, speaker.current(), System.nanoTime());
        }
    }

    private void everySecond() {
        if (!closed) {
            reports.send(participants.values(), config.adaptive(), bitrateCap);
        }
    }

    /** Every 300 ms: the members' speech activity to the detector; a new speaker goes to everyone. */
    private void pickSpeaker() {
        if (closed) {
            return;
        }
        Map<String, Integer> activity = new LinkedHashMap<>();
        for (Participant p : participants.values()) {
            for (Producer producer : p.producersByMid.values()) {
                if (producer.speech != null) {
                    activity.merge(p.id, producer.speech.roll(), Math::max);
                }
            }
        }
        if (speaker.update(System.nanoTime(), activity)) {
            for (Participant p : participants.values()) {
                tellSpeaker(p);
            }
        }
    }

    private void tellSpeaker(Participant p) {
        try {
            p.listener.onDominantSpeaker(p.id, speaker.current());
        } catch (RuntimeException e) {
            LOG.warn("listener of {} failed: {}", p.id, e.toString());
        }
    }

    private void everyFeedbackInterval() {
        if (closed) {
            return;
        }
        try {
            for (Participant p : participants.values()) {
                publisherFeedback.send(p);
            }
            probes.tick(participants.values(), bitrateCap, System.nanoTime());
            worker.output().flush();
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: count, log, keep the timer
            counters.drop(DropReason.INTERNAL_ERROR);
            LOG.warn("{}: transport-cc timer failed", callId, e);
        }
    }

    /** The transport-wide sequence number's id in a publish answer (one id for the whole BUNDLE); 0: none. */
    private static int transportCcId(List<PublishedTrack> tracks) {
        for (PublishedTrack t : tracks) {
            int id = t.extensions().id(HeaderExtension.TRANSPORT_CC);
            if (id > 0) {
                return id;
            }
        }
        return 0;
    }
}
