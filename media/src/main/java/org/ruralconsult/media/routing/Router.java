package org.ruralconsult.media.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.sdp.PublishedTrack;
import org.ruralconsult.media.sdp.SdpException;
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
    private final TransportEvents events;
    private final CallContext call;
    private final KeyframeRequests keyframes;
    private final Forwarder forwarder;
    private final RtcpFeedback feedback;
    private final PublishSignaling publishing;
    private final SubscribeSignaling subscribing;
    private final PublisherReports reports;
    private final LayerSelection layers;
    private final java.util.concurrent.Future<?> allocationTimer;
    private final PublisherFeedback publisherFeedback;
    private final DownlinkProbes probes;
    /** Transport-cc feedback to publishers and probes to subscribers; null when not adaptive. */
    private final java.util.concurrent.Future<?> feedbackTimer;

    private final Runnable onClosed;
    private final java.util.concurrent.Future<?> timer;
    private final SpeakerSignal speaker = new SpeakerSignal();
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
        this.call = new CallContext(
                callId, worker, counters, ThreadLocalRandom.current().nextInt() | 4, buffers);
        this.keyframes = new KeyframeRequests(this.call);
        this.forwarder = new Forwarder(this.call, keyframes);
        this.feedback = new RtcpFeedback(this.call, keyframes);
        this.events = new TransportEvents(this, keyframes, forwarder, feedback, counters);
        this.publishing = new PublishSignaling(this.call, events, config, new PublishSignaling.Tracks() {
            @Override
            public void added(Participant publisher, PublishedTrack track) {
                addProducer(publisher, track);
            }

            @Override
            public void removed(Producer producer) {
                removeProducer(producer);
            }
        });
        this.subscribing = new SubscribeSignaling(this.call, events, keyframes, config.adaptive());
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
            subscribing.notifyOfferNeeded(p);
            speaker.tellNewcomer(p);
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
                return publishing.answer(p, offerSdp);
            } catch (RuntimeException e) {
                throw new SdpException("unusable publish offer: " + e);
            }
        });
    }

    /** The relay's offer for the participant's subscribe PeerConnection. */
    public CompletableFuture<String> subscribeOffer(String participantId) {
        return worker.submit(() -> subscribing.offer(participant(participantId)));
    }

    /** The client's answer to the last {@link #subscribeOffer}. */
    public CompletableFuture<Void> subscribeAnswer(String participantId, String answerSdp) {
        return worker.submit(() -> {
            Participant p = participant(participantId);
            if (p.subscribeTransport == null || !p.offerPending) {
                throw new IllegalStateException("no subscribe offer outstanding for " + p.id);
            }
            try {
                subscribing.answer(p, answerSdp);
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
                subscribing.notifyOfferNeeded(p);
            } else if (p.offerNeeded) {
                subscribing.notifyOfferNeeded(p); // the subscribe transport was dropped: the next offer makes a new one
            }
            return null;
        });
    }

    /** Removes the participant, its producers (and everyone's consumers of them), its consumers. */
    public CompletableFuture<Void> leave(String participantId) {
        return worker.submit(() -> {
            Participant p = participants.get(participantId);
            if (p != null) {
                removeParticipant(p, null);
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
     * the best. A TV showing one member large and another as a thumbnail asks differently for each. An id
     * the participant does not receive is ignored; the wish is forgotten when the track goes.
     */
    public CompletableFuture<Void> preferredHeight(String participantId, String trackId, int maxHeight) {
        return worker.submit(() -> {
            if (maxHeight < 0) {
                throw new IllegalArgumentException("maxHeight < 0: " + maxHeight);
            }
            Participant p = participant(participantId);
            for (Consumer c : p.consumers) {
                if (c.producer.id.equals(trackId)) {
                    p.preferredHeights.put(trackId, maxHeight);
                    allocate(p);
                    return null;
                }
            }
            // not a track this participant receives (it may have just gone): nothing to keep, so that a
            // client cannot grow the map with made-up ids
            LOG.debug("{}: preferred height for {}, which {} does not receive; ignored", callId, trackId, p.id);
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
     * The relay's current estimate of each member's downlink in bits/s: from the transport-cc feedback of
     * its subscribe side (adaptive relays), else from its REMB; 0 when unknown.
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
                    removeParticipant(p, "router closed");
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
                subscribing.notifyOfferNeeded(other);
            }
        }
    }

    private void removeProducer(Producer producer) {
        Participant p = producer.publisher;
        p.producersByMid.remove(producer.track.mid());
        p.streamsBySsrc.values().removeIf(ref -> ref.producer() == producer);
        for (Consumer c : new ArrayList<>(producer.consumers)) {
            removeConsumer(c);
            subscribing.notifyOfferNeeded(c.subscriber);
        }
        for (ProducerStream s : producer.layers) {
            s.release(call.buffers());
        }
        for (Participant other : participants.values()) {
            other.preferredHeights.remove(producer.id);
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

    // ---------------------------------------------------------------- what the transports report (TransportEvents)

    boolean isMember(Participant p) {
        return participants.get(p.id) == p;
    }

    /** Only the subscribe transport of {@code p} closed, its publish side lives. */
    void subscribeSideLost(Participant p, WebRtcTransport t, String reason) {
        subscribing.dropSubscribeSide(p, t, reason);
    }

    /** After a publisher's RTP packet: transport-cc feedback goes when 100 arrivals wait (adaptive). */
    void afterPublishedPacket(Participant p, WebRtcTransport t) {
        if (feedbackTimer != null) {
            publisherFeedback.afterPacket(p, t);
        }
    }

    /**
     * The participant goes (it left: {@code reason} null; a transport of it closed for good, or the router
     * closed: the listener is told with {@code reason}).
     */
    void removeParticipant(Participant p, String reason) {
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

    /** Every subscriber's layers chosen again (timer, cap changed). */
    private void allocate() {
        periodic("layer allocation", () -> {
            if (config.adaptive()) {
                long now = System.nanoTime();
                for (Participant p : participants.values()) {
                    layers.run(p, bitrateCap, speaker.current(), now);
                }
            }
        });
    }

    /** One subscriber's layers chosen again (its wishes changed). */
    private void allocate(Participant p) {
        if (config.adaptive()) {
            layers.run(p, bitrateCap, speaker.current(), System.nanoTime());
        }
    }

    private void everySecond() {
        periodic("receiver reports", () -> reports.send(participants.values(), config.adaptive(), bitrateCap));
    }

    /** Every 300 ms: the members' speech activity to the detector; a new speaker goes to everyone. */
    private void pickSpeaker() {
        periodic("dominant speaker", () -> speaker.tick(participants.values(), System.nanoTime()));
    }

    private void everyFeedbackInterval() {
        periodic("transport-cc", () -> {
            for (Participant p : participants.values()) {
                publisherFeedback.send(p);
            }
            probes.tick(participants.values(), bitrateCap, System.nanoTime());
            worker.output().flush();
        });
    }

    /**
     * Runs one periodic task of an open router. A task that throws is never run again by the scheduler, so
     * the error is counted and logged here and the timer goes on.
     */
    private void periodic(String what, Runnable task) {
        if (closed) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            counters.drop(DropReason.INTERNAL_ERROR);
            LOG.warn("{}: {} failed", callId, what, e);
        }
    }
}
