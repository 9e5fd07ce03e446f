package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TV's two PeerConnections in one call, as the browser has them (DESIGN.md): publish (the TV offers
 * its camera and microphone, the server answers) and subscribe (the server offers the others' tracks and
 * offers again when they change; the TV answers). No trickle: the server is ICE-lite.
 */
public final class TvCallMedia implements AutoCloseable {
    private static final long GATHERING_TIMEOUT_MS = 3000;

    /** Frames and audio received, per remote participant (the stream id is the publisher's id). */
    public record Received(String participantId, long videoFrames) {}

    private final RTCPeerConnection publish;
    private final RTCPeerConnection subscribe;
    private final Gathering publishGathering = new Gathering();
    private final Gathering subscribeGathering = new Gathering();
    private final Map<String, AtomicLong> framesByParticipant = new ConcurrentHashMap<>();
    /** The publisher of each offered m-section: its msid stream id (RFC 8830) is the participant id. */
    private final Map<String, String> participantByMid = new ConcurrentHashMap<>();

    TvCallMedia(PeerConnectionFactory factory, RTCConfiguration config, VideoTrack camera, AudioTrack microphone) {
        publish = factory.createPeerConnection(config, publishGathering);
        subscribe = factory.createPeerConnection(config, new ReceivingObserver(subscribeGathering));
        for (MediaStreamTrack track : List.of(microphone, camera)) {
            RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
            init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            init.streamIds = List.of("tv");
            publish.addTransceiver(track, init);
        }
    }

    static RTCConfiguration configuration(dev.onvoid.webrtc.PortAllocatorConfig ports) {
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        config.portAllocatorConfig = ports;
        return config;
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
        return PeerConnections.setRemote(subscribe, new RTCSessionDescription(RTCSdpType.OFFER, offerSdp))
                .thenCompose(v -> PeerConnections.createAnswer(subscribe))
                .thenCompose(answer -> PeerConnections.setLocal(subscribe, answer))
                .thenCompose(v -> subscribeGathering.done(subscribe))
                .thenApply(v -> subscribe.getLocalDescription().sdp);
    }

    public List<Received> received() {
        List<Received> out = new ArrayList<>();
        framesByParticipant.forEach((id, n) -> out.add(new Received(id, n.get())));
        return out;
    }

    /** inbound-rtp stats of the subscribe side (bytesReceived, framesDecoded, nackCount, ...). */
    public CompletableFuture<List<Map<String, Object>>> inboundStats() {
        CompletableFuture<List<Map<String, Object>>> f = new CompletableFuture<>();
        subscribe.getStats(report -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.INBOUND_RTP) {
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
        publish.close();
        subscribe.close();
    }

    /** Completes when ICE gathering is complete (or after a short timeout: host candidates come first). */
    private static final class Gathering implements PeerConnectionObserver {
        private volatile CompletableFuture<Void> complete = new CompletableFuture<>();

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

    /** Counts decoded frames per remote participant on the subscribe side. */
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
        public void onTrack(RTCRtpTransceiver transceiver) {
            MediaStreamTrack track = transceiver.getReceiver().getTrack();
            if (track instanceof VideoTrack video) {
                String participant = participantByMid.getOrDefault(transceiver.getMid(), transceiver.getMid());
                AtomicLong counter = framesByParticipant.computeIfAbsent(participant, k -> new AtomicLong());
                video.addSink(frame -> counter.incrementAndGet());
            }
        }
    }
}
