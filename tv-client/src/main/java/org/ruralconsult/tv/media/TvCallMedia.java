package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The TV's two PeerConnections in one call, as the browser has them (DESIGN.md): publish (the TV offers
 * its camera and microphone, the server answers) and subscribe (the server offers the others' tracks and
 * offers again when they change; the TV answers). No trickle: the server is ICE-lite.
 */
public final class TvCallMedia implements AutoCloseable {
    private static final long GATHERING_TIMEOUT_MS = 3000;

    /** Frames and audio received, per remote participant (the stream id is the publisher's id). */
    public record Received(String participantId, long videoFrames) {}

    /** An audio level from the energy counters: sqrt(Δenergy / Δduration), i.e. the mean over the interval. */
    private record Energy(double energy, double duration) {}

    private final RTCPeerConnection publish;
    private final RTCPeerConnection subscribe;
    private final List<IceListener> iceListeners = new CopyOnWriteArrayList<>();
    private final Gathering publishGathering = new Gathering(IceListener.Side.PUBLISH, this::iceChanged);
    private final Gathering subscribeGathering = new Gathering(IceListener.Side.SUBSCRIBE, this::iceChanged);
    /** Each remote participant's latest-frame slot, by party id. */
    private final Map<String, VideoSlot> videos = new ConcurrentHashMap<>();
    /** The publisher of each offered m-section: its msid stream id (RFC 8830) is the participant id. */
    private final Map<String, String> participantByMid = new ConcurrentHashMap<>();
    /** Remote track id → participant, for stats that name the track rather than the mid. */
    private final Map<String, String> participantByTrack = new ConcurrentHashMap<>();

    private final Map<String, Energy> lastEnergy = new ConcurrentHashMap<>();
    private final List<RemoteVideoListener> videoListeners = new CopyOnWriteArrayList<>();
    private final VideoSlot self;
    private final DeviceStatus devices;
    /** The camera's sender and track (null without a camera): audio only takes the track out. */
    private final RTCRtpSender cameraSender;

    private final VideoTrack camera;
    private volatile boolean closed;

    TvCallMedia(PeerConnectionFactory factory, RTCConfiguration config, VideoTrack camera, AudioTrack microphone) {
        this(
                factory,
                config,
                camera,
                microphone,
                null,
                new DeviceStatus(camera != null, microphone != null, true, true, ""));
    }

    /**
     * @param camera the camera track, or null without a camera (the call goes on with audio)
     * @param microphone the microphone track, or null without a microphone
     * @param self the camera's own frames, for the self view; null without a camera
     */
    TvCallMedia(
            PeerConnectionFactory factory,
            RTCConfiguration config,
            VideoTrack camera,
            AudioTrack microphone,
            VideoSlot self,
            DeviceStatus devices) {
        this.self = self;
        this.devices = devices;
        publish = factory.createPeerConnection(config, publishGathering);
        subscribe = factory.createPeerConnection(config, new ReceivingObserver(subscribeGathering));
        List<MediaStreamTrack> tracks = new ArrayList<>();
        if (microphone != null) {
            tracks.add(microphone);
        }
        if (camera != null) {
            tracks.add(camera);
        }
        RTCRtpSender videoSender = null;
        for (MediaStreamTrack track : tracks) {
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of("tv");
            RTCRtpTransceiver transceiver = publish.addTransceiver(track, init);
            if (track == camera) {
                videoSender = transceiver.getSender();
            }
        }
        this.camera = camera;
        this.cameraSender = videoSender;
    }

    /**
     * Sends the camera ({@code true}) or nothing in its place (audio only): the track leaves the sender,
     * so no video RTP goes out, without a new offer (RTCRtpSender.replaceTrack, W3C webrtc-pc §5.2).
     */
    public void sendVideo(boolean on) {
        if (cameraSender != null && !closed) {
            cameraSender.replaceTrack(on ? camera : null);
        }
    }

    /** Whether the camera's track is in its sender now (false without a camera or in audio only). */
    public boolean sendsVideo() {
        return cameraSender != null && cameraSender.getTrack() != null;
    }

    static RTCConfiguration configuration(dev.onvoid.webrtc.PortAllocatorConfig ports) {
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        config.portAllocatorConfig = ports;
        return config;
    }

    /**
     * Whether there is anything to publish (a camera or a microphone). Without, the TV asks to receive only
     * ({@code media.receive}): an offer without m-sections cannot even be made.
     */
    public boolean sends() {
        return publish.getTransceivers().length > 0;
    }

    /** The publish offer, with our candidates in it. */
    public CompletableFuture<String> publishOffer(boolean iceRestart) {
        RTCOfferOptions options = new RTCOfferOptions();
        options.iceRestart = iceRestart;
        return PeerConnections.createOffer(publish, options)
                .thenCompose(offer -> PeerConnections.setLocal(publish, offer))
                .thenCompose(v -> publishGathering.done(publish))
                .thenApply(v -> publish.getLocalDescription().sdp);
    }

    public CompletableFuture<Void> publishAnswer(String sdp) {
        return PeerConnections.setRemote(publish, new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
    }

    /** Takes the server's subscribe offer and returns our answer. */
    public CompletableFuture<String> answerSubscribe(String offerSdp) {
        participantByMid.putAll(publishersByMid(offerSdp));
        Set<String> sending = videoPublishers(offerSdp);
        return PeerConnections.setRemote(subscribe, new RTCSessionDescription(RTCSdpType.OFFER, offerSdp))
                .thenRun(() -> videosGoneExcept(sending))
                .thenCompose(v -> PeerConnections.createAnswer(subscribe))
                .thenCompose(answer -> PeerConnections.setLocal(subscribe, answer))
                .thenCompose(v -> subscribeGathering.done(subscribe))
                .thenApply(v -> subscribe.getLocalDescription().sdp);
    }

    public List<Received> received() {
        List<Received> out = new ArrayList<>();
        videos.forEach((id, slot) -> out.add(new Received(id, slot.framesDecoded())));
        return out;
    }

    /** The remote participants' videos now in the call. */
    public List<RemoteVideo> remoteVideos() {
        return List.copyOf(videos.values());
    }

    public Optional<RemoteVideo> remoteVideo(String participantId) {
        return Optional.ofNullable(videos.get(participantId));
    }

    /** The TV's own camera (the self view); empty without a camera. */
    public Optional<RemoteVideo> localVideo() {
        return Optional.ofNullable(self);
    }

    /** What the TV sends from: camera and microphone present, and whether they are synthetic. */
    public DeviceStatus devices() {
        return devices;
    }

    /** Tells {@code listener} of the videos already here, then of each that appears or leaves. */
    public void addVideoListener(RemoteVideoListener listener) {
        videoListeners.add(listener);
        videos.values().forEach(listener::appeared);
    }

    public void removeVideoListener(RemoteVideoListener listener) {
        videoListeners.remove(listener);
    }

    /** ICE connectivity news of both PeerConnections (libwebrtc thread). */
    public void addIceListener(IceListener listener) {
        iceListeners.add(listener);
    }

    private void iceChanged(IceListener.Side side, RTCIceConnectionState state) {
        IceListener.State s =
                switch (state) {
                    case CONNECTED, COMPLETED -> IceListener.State.CONNECTED;
                    case DISCONNECTED -> IceListener.State.DISCONNECTED;
                    case FAILED -> IceListener.State.FAILED;
                    case CLOSED -> IceListener.State.CLOSED;
                    default -> IceListener.State.CHECKING;
                };
        if (!closed) {
            iceListeners.forEach(l -> l.changed(side, s));
        }
    }

    /**
     * The received audio level of each remote participant (linear 0–1, see {@link SpeakerSelector}): the
     * mean since the previous call, from the inbound-rtp energy counters, or the instant
     * {@code audioLevel} where those are missing. Participants without audio stats are absent.
     */
    public CompletableFuture<Map<String, Double>> audioLevels() {
        CompletableFuture<Map<String, Double>> f = new CompletableFuture<>();
        if (closed) {
            f.complete(Map.of());
            return f;
        }
        subscribe.getStats(report -> {
            Map<String, Double> out = new HashMap<>();
            for (RTCStats s : report.getStats().values()) {
                Map<String, Object> a = s.getAttributes();
                if (s.getType() != RTCStatsType.INBOUND_RTP || !"audio".equals(String.valueOf(a.get("kind")))) {
                    continue;
                }
                String participant = participantOf(a);
                if (participant == null) {
                    continue;
                }
                double level = number(a.get("audioLevel"));
                if (a.get("totalAudioEnergy") instanceof Number e
                        && a.get("totalSamplesDuration") instanceof Number d) {
                    Energy now = new Energy(e.doubleValue(), d.doubleValue());
                    Energy before = lastEnergy.put(participant, now);
                    if (before != null && now.duration() > before.duration()) {
                        level = Math.sqrt(
                                Math.max(0, now.energy() - before.energy()) / (now.duration() - before.duration()));
                    }
                }
                out.merge(participant, level, Math::max);
            }
            f.complete(out);
        });
        return f;
    }

    private String participantOf(Map<String, Object> inbound) {
        Object mid = inbound.get("mid");
        if (mid != null && participantByMid.containsKey(mid.toString())) {
            return participantByMid.get(mid.toString());
        }
        Object track = inbound.get("trackIdentifier");
        return track == null ? null : participantByTrack.get(track.toString());
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private void videosGoneExcept(Set<String> sending) {
        for (String participant : List.copyOf(videos.keySet())) {
            if (!sending.contains(participant)) {
                VideoSlot slot = videos.remove(participant);
                if (slot != null) {
                    slot.close();
                    videoListeners.forEach(l -> l.left(participant));
                }
            }
        }
    }

    /** The participants with an active video m-section (one with an msid) in an SDP. */
    static Set<String> videoPublishers(String sdp) {
        Set<String> out = new HashSet<>();
        boolean video = false;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                video = line.startsWith("m=video") && !line.startsWith("m=video 0 ");
            } else if (video && line.startsWith("a=msid:")) {
                out.add(line.substring("a=msid:".length()).trim().split(" ")[0]);
            }
        }
        return out;
    }

    /**
     * outbound-rtp stats of the publish side (framesEncoded, frameWidth, qualityLimitationReason, ...), for
     * diagnostics and the rendering benchmark's sender.
     */
    public CompletableFuture<List<Map<String, Object>>> outboundStats() {
        return stats(publish, RTCStatsType.OUTBOUND_RTP);
    }

    /** inbound-rtp stats of the subscribe side (bytesReceived, framesDecoded, nackCount, ...). */
    public CompletableFuture<List<Map<String, Object>>> inboundStats() {
        return stats(subscribe, RTCStatsType.INBOUND_RTP);
    }

    /** The attributes of every stats entry of one type from one PeerConnection. */
    private static CompletableFuture<List<Map<String, Object>>> stats(RTCPeerConnection pc, RTCStatsType type) {
        CompletableFuture<List<Map<String, Object>>> f = new CompletableFuture<>();
        pc.getStats(report -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == type) {
                    out.add(s.getAttributes());
                }
            }
            f.complete(out);
        });
        return f;
    }

    /** mid → msid stream id of each m-section of an SDP. */
    static Map<String, String> publishersByMid(String sdp) {
        Map<String, String> out = new java.util.HashMap<>();
        String mid = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                mid = null;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length()).trim();
            } else if (line.startsWith("a=msid:") && mid != null) {
                out.put(mid, line.substring("a=msid:".length()).trim().split(" ")[0]);
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        videos.values().forEach(VideoSlot::close);
        publish.close();
        subscribe.close();
    }

    /** Completes when ICE gathering is complete (or after a short timeout: host candidates come first). */
    private static final class Gathering implements PeerConnectionObserver {
        private final IceListener.Side side;
        private final java.util.function.BiConsumer<IceListener.Side, RTCIceConnectionState> ice;
        private volatile CompletableFuture<Void> complete = new CompletableFuture<>();

        Gathering(IceListener.Side side, java.util.function.BiConsumer<IceListener.Side, RTCIceConnectionState> ice) {
            this.side = side;
            this.ice = ice;
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            ice.accept(side, state);
        }

        CompletableFuture<Void> done(RTCPeerConnection pc) {
            if (pc.getIceGatheringState() == RTCIceGatheringState.COMPLETE) {
                return CompletableFuture.completedFuture(null);
            }
            return complete.completeOnTimeout(null, GATHERING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {}

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                complete.complete(null);
            } else if (state == RTCIceGatheringState.GATHERING && complete.isDone()) {
                complete = new CompletableFuture<>();
            }
        }
    }

    /** Puts each remote video track's frames into its participant's slot on the subscribe side. */
    private final class ReceivingObserver implements PeerConnectionObserver {
        private final Gathering gathering;

        ReceivingObserver(Gathering gathering) {
            this.gathering = gathering;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {}

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            gathering.onIceGatheringChange(state);
        }

        @Override
        public void onIceConnectionChange(RTCIceConnectionState state) {
            gathering.onIceConnectionChange(state);
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            String participant = participantByMid.getOrDefault(transceiver.getMid(), transceiver.getMid());
            participantByTrack.put(track.getId(), participant);
            if (track instanceof VideoTrack video) {
                VideoSlot fresh = new VideoSlot(participant);
                VideoSlot before = videos.put(participant, fresh);
                if (before != null) {
                    before.close();
                }
                video.addSink(fresh);
                videoListeners.forEach(l -> l.appeared(fresh));
            }
        }
    }
}
