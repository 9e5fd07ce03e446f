package org.ruralconsult.media.testing;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ruralconsult.media.routing.Router;
import org.ruralconsult.media.routing.RouterListener;

/**
 * A real libwebrtc participant (webrtc-java): a publish PeerConnection sending a synthetic video
 * and audio track, a subscribe PeerConnection counting decoded frames, both negotiated with the
 * relay through the Java API only (SDP strings, no munging unless a test sets
 * {@link #subscribeAnswerMunging}). It records the dominant speakers the relay names to it.
 */
public final class WebRtcPeer implements RouterListener, AutoCloseable {
    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    public static final int FPS = 20;

    private final String id;
    private final Router router;
    private final int width;
    private final int height;
    private final int fps;
    private final boolean answersSubscribeOffers;
    /** Video sent as three simulcast encodings (scale 4, 2, 1; libwebrtc names their rids itself). */
    private final boolean simulcast;

    private final RTCPeerConnection publishPc;
    private final RTCPeerConnection subscribePc;
    private final CustomVideoSource videoSource = new CustomVideoSource();
    private final CustomAudioSource audioSource = new CustomAudioSource();
    private final VideoTrack videoTrack;
    private final AudioTrack audioTrack;
    private final ExecutorService negotiation;
    private final ScheduledExecutorService media;
    public final AtomicLong framesPushed = new AtomicLong();
    public final AtomicLong framesDecoded = new AtomicLong();
    public final CompletableFuture<Void> subscribeConnected = new CompletableFuture<>();
    public final CompletableFuture<Void> publishConnected = new CompletableFuture<>();
    /** The reason the relay gave when it removed this participant without {@code leave}. */
    public final CompletableFuture<String> gone = new CompletableFuture<>();
    /** Subscribe offers the relay signalled to this peer. */
    public final AtomicLong subscribeOffers = new AtomicLong();

    private volatile Throwable negotiationFailure;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** The relay's last answer to this peer's publish offer. */
    public volatile String publishAnswer;
    /** This peer's last publish offer, as libwebrtc wrote it. */
    public volatile String publishOffer;
    /** Amplitude of the 440 Hz tone this peer sends (0: silence); 8000 unless a test changes it. */
    public volatile int audioAmplitude = 8000;
    /**
     * Applied to each subscribe answer before it is set locally and sent to the relay (a test client's
     * munging, e.g. dropping RED); identity unless a test sets it.
     */
    public volatile java.util.function.UnaryOperator<String> subscribeAnswerMunging = s -> s;
    /** Every dominant speaker the relay named to this peer, in order (null: nobody). */
    public final List<String> dominantSpeakers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public WebRtcPeer(PeerConnectionFactory factory, Router router, String id) {
        this(factory, router, id, WIDTH, HEIGHT, FPS, true, false);
    }

    /** A peer whose synthetic camera sends {@code width}×{@code height} at {@code fps}. */
    public WebRtcPeer(PeerConnectionFactory factory, Router router, String id, int width, int height, int fps) {
        this(factory, router, id, width, height, fps, true, false);
    }

    /** A peer whose camera is sent as three simulcast layers: ¼, ½ and full {@code width}×{@code height}. */
    public static WebRtcPeer simulcast(
            PeerConnectionFactory factory, Router router, String id, int width, int height, int fps) {
        return new WebRtcPeer(factory, router, id, width, height, fps, true, true);
    }

    /**
     * A peer that only publishes: it fetches each subscribe offer the relay signals (as the signaling
     * server does before passing it on) and never answers it, like a client that ignores media.offer.
     */
    public static WebRtcPeer publishOnly(
            PeerConnectionFactory factory, Router router, String id, int width, int height, int fps) {
        return new WebRtcPeer(factory, router, id, width, height, fps, false, false);
    }

    private WebRtcPeer(
            PeerConnectionFactory factory,
            Router router,
            String id,
            int width,
            int height,
            int fps,
            boolean answersSubscribeOffers,
            boolean simulcast) {
        this.id = id;
        this.simulcast = simulcast;
        this.answersSubscribeOffers = answersSubscribeOffers;
        this.router = router;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.negotiation = Executors.newSingleThreadExecutor(r -> daemon(r, "negotiate-" + id));
        this.media = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "media-" + id));
        this.videoTrack = factory.createVideoTrack("video-" + id, videoSource);
        this.audioTrack = factory.createAudioTrack("audio-" + id, audioSource);
        this.publishPc = factory.createPeerConnection(config(), observer(publishConnected, false));
        this.subscribePc = factory.createPeerConnection(config(), observer(subscribeConnected, true));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static RTCConfiguration config() {
        RTCConfiguration c = new RTCConfiguration();
        c.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        c.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        // STACK.md: libwebrtc ignores lo; these two make it gather and use 127.0.0.1
        c.portAllocatorConfig =
                new PortAllocatorConfig().setDisableAdapterEnumeration(true).setEnableAnyAddressPorts(true);
        return c;
    }

    private PeerConnectionObserver observer(CompletableFuture<Void> connected, boolean subscribe) {
        return new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // the relay is ICE-lite and needs no client candidates: it answers the checks
            }

            @Override
            public void onConnectionChange(RTCPeerConnectionState state) {
                if (state == RTCPeerConnectionState.CONNECTED) {
                    connected.complete(null);
                } else if (state == RTCPeerConnectionState.FAILED) {
                    connected.completeExceptionally(new IllegalStateException(id + " PeerConnection failed"));
                }
            }

            @Override
            public void onTrack(RTCRtpTransceiver transceiver) {
                if (subscribe && transceiver.getReceiver().getTrack() instanceof VideoTrack v) {
                    v.addSink(frame -> framesDecoded.incrementAndGet());
                }
            }
        };
    }

    /** Publishes audio and video: createOffer, publish() to the relay, apply its answer. */
    public void publish() throws Exception {
        publish(true);
    }

    /** Publishes audio, and video when {@code video}: createOffer, publish() to the relay, apply its answer. */
    public void publish(boolean video) throws Exception {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        init.streamIds = List.of("stream-" + id);
        publishPc.addTransceiver(audioTrack, init);
        if (video) {
            RTCRtpTransceiverInit vinit = new RTCRtpTransceiverInit();
            vinit.direction = RTCRtpTransceiverDirection.SEND_ONLY;
            vinit.streamIds = List.of("stream-" + id);
            if (simulcast) {
                vinit.sendEncodings = new java.util.ArrayList<>();
                for (double scale : new double[] {4, 2, 1}) {
                    RTCRtpEncodingParameters e = new RTCRtpEncodingParameters();
                    e.scaleResolutionDownBy = scale;
                    e.active = true;
                    vinit.sendEncodings.add(e);
                }
            }
            publishPc.addTransceiver(videoTrack, vinit);
        }
        RTCSessionDescription offer = create(publishPc, true);
        publishOffer = offer.sdp;
        setLocal(publishPc, offer);
        String answer = router.publish(id, offer.sdp).get(10, TimeUnit.SECONDS);
        publishAnswer = answer;
        setRemote(publishPc, new RTCSessionDescription(RTCSdpType.ANSWER, answer));
    }

    public void startMedia() {
        media.scheduleAtFixedRate(this::pushFrame, 0, 1000 / fps, TimeUnit.MILLISECONDS);
        startAudio();
    }

    /** Only the audio source (a peer that published audio only). */
    public void startAudio() {
        media.scheduleAtFixedRate(this::pushAudio, 0, 10, TimeUnit.MILLISECONDS);
    }

    private void pushFrame() {
        try {
            NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
            long n = framesPushed.get();
            paint(buffer, (int) n);
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            videoSource.pushFrame(frame);
            frame.release();
            framesPushed.incrementAndGet();
        } catch (RuntimeException e) {
            negotiationFailure = e;
        }
    }

    /** A grey picture with a bright square that moves one step per frame: cheap to encode. */
    private void paint(NativeI420Buffer buffer, int n) {
        ByteBuffer y = buffer.getDataY();
        int stride = buffer.getStrideY();
        y.put(0, grey(y.capacity()));
        int x0 = (n * 4) % (width - 40);
        int y0 = (n * 2) % (height - 40);
        for (int row = y0; row < y0 + 40; row++) {
            y.put(row * stride + x0, SQUARE_ROW);
        }
        buffer.getDataU().put(0, neutral(buffer.getDataU().capacity()));
        buffer.getDataV().put(0, neutral(buffer.getDataV().capacity()));
    }

    private static final byte[] SQUARE_ROW = filled(40, 230);
    private byte[] grey = new byte[0];
    private byte[] neutral = new byte[0];

    private byte[] grey(int length) {
        if (grey.length != length) {
            grey = filled(length, 96);
        }
        return grey;
    }

    private byte[] neutral(int length) {
        if (neutral.length != length) {
            neutral = filled(length, 128);
        }
        return neutral;
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private final byte[] pcm = new byte[480 * 2];
    private int phase;

    private void pushAudio() {
        int amplitude = audioAmplitude;
        for (int i = 0; i < 480; i++) {
            short s = (short) (amplitude * Math.sin(2 * Math.PI * 440 * (phase++) / 48000.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        audioSource.pushAudio(pcm, 16, 48000, 1, 480);
    }

    /** Relay says our subscribe PC needs an offer: fetch it, answer it, send the answer back. */
    @Override
    public void onSubscribeOfferNeeded(String participantId) {
        negotiation.execute(() -> {
            try {
                String offer = router.subscribeOffer(id).get(10, TimeUnit.SECONDS);
                subscribeOffers.incrementAndGet();
                if (!answersSubscribeOffers) {
                    return;
                }
                setRemote(subscribePc, new RTCSessionDescription(RTCSdpType.OFFER, offer));
                RTCSessionDescription created = create(subscribePc, false);
                RTCSessionDescription answer =
                        new RTCSessionDescription(RTCSdpType.ANSWER, subscribeAnswerMunging.apply(created.sdp));
                setLocal(subscribePc, answer);
                router.subscribeAnswer(id, answer.sdp).get(10, TimeUnit.SECONDS);
            } catch (Throwable e) {
                negotiationFailure = e;
            }
        });
    }

    @Override
    public void onDominantSpeaker(String participantId, String speakerId) {
        dominantSpeakers.add(speakerId);
    }

    @Override
    public void onParticipantGone(String participantId, String reason) {
        negotiationFailure = new IllegalStateException(participantId + " gone: " + reason);
        gone.complete(reason);
    }

    public Throwable failure() {
        return negotiationFailure;
    }

    /** inbound-rtp bytesReceived for the given kind on the subscribe PC. */
    public long inboundBytes(String kind) throws Exception {
        CompletableFuture<Long> f = new CompletableFuture<>();
        subscribePc.getStats(report -> {
            long sum = 0;
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.INBOUND_RTP
                        && kind.equals(s.getAttributes().get("kind"))) {
                    Object v = s.getAttributes().get("bytesReceived");
                    if (v instanceof Number n) {
                        sum += n.longValue();
                    }
                }
            }
            f.complete(sum);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    public String outboundText(String kind, String attribute) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        publishPc.getStats(report -> {
            String r = "";
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.OUTBOUND_RTP
                        && kind.equals(s.getAttributes().get("kind"))) {
                    r += s.getAttributes().get(attribute);
                }
            }
            f.complete(r);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /**
     * The publish PC's largest {@code availableOutgoingBitrate} over its candidate pairs: libwebrtc's own
     * send-side estimate, present only when it gets transport-cc feedback; 0 when absent.
     */
    public long publishAvailableOutgoingBitrate() throws Exception {
        CompletableFuture<Long> f = new CompletableFuture<>();
        publishPc.getStats(report -> {
            long best = 0;
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.CANDIDATE_PAIR
                        && s.getAttributes().get("availableOutgoingBitrate") instanceof Number n) {
                    best = Math.max(best, n.longValue());
                }
            }
            f.complete(best);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /** A stats attribute summed over outbound-rtp of a kind on the publish PC. */
    public long outbound(String kind, String attribute) throws Exception {
        CompletableFuture<Long> f = new CompletableFuture<>();
        publishPc.getStats(report -> {
            long sum = 0;
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.OUTBOUND_RTP
                        && kind.equals(s.getAttributes().get("kind"))) {
                    Object v = s.getAttributes().get(attribute);
                    if (v instanceof Number n) {
                        sum += n.longValue();
                    }
                }
            }
            f.complete(sum);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    /** A stats attribute summed over inbound-rtp of a kind (e.g. nackCount, packetsLost). */
    public long inbound(String kind, String attribute) throws Exception {
        CompletableFuture<Long> f = new CompletableFuture<>();
        subscribePc.getStats(report -> {
            long sum = 0;
            for (RTCStats s : report.getStats().values()) {
                if (s.getType() == RTCStatsType.INBOUND_RTP
                        && kind.equals(s.getAttributes().get("kind"))) {
                    Object v = s.getAttributes().get(attribute);
                    if (v instanceof Number n) {
                        sum += n.longValue();
                    }
                }
            }
            f.complete(sum);
        });
        return f.get(5, TimeUnit.SECONDS);
    }

    private static RTCSessionDescription create(RTCPeerConnection pc, boolean offer) throws Exception {
        CompletableFuture<RTCSessionDescription> f = new CompletableFuture<>();
        CreateSessionDescriptionObserver o = new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                f.complete(d);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
        if (offer) {
            pc.createOffer(new RTCOfferOptions(), o);
        } else {
            pc.createAnswer(new RTCAnswerOptions(), o);
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void setLocal(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setLocalDescription(d, observer(f));
        f.get(10, TimeUnit.SECONDS);
    }

    private static void setRemote(RTCPeerConnection pc, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.setRemoteDescription(d, observer(f));
        f.get(10, TimeUnit.SECONDS);
    }

    private static SetSessionDescriptionObserver observer(CompletableFuture<Void> f) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                f.complete(null);
            }

            @Override
            public void onFailure(String error) {
                f.completeExceptionally(new IllegalStateException(error));
            }
        };
    }

    /** Stops media and closes both PeerConnections (tracks are not disposed: STACK.md); once. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        media.shutdownNow();
        try {
            media.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        negotiation.shutdownNow();
        publishPc.close();
        subscribePc.close();
    }
}
