package org.ruralconsult.signaling.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpEncodingParameters;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A call member on libwebrtc that publishes, through the protocol ({@code media.publish}), a 440 Hz tone
 * whose loudness the test turns up or down ({@link #loud}: the relay's dominant-speaker detector reads
 * it from the RFC 6464 level libwebrtc puts on each packet) and a moving test picture, optionally as VP8
 * simulcast in three encodings (¼, ½, full size), the only video the relay pauses for bandwidth. It
 * never answers subscribe offers: it only speaks and shows.
 */
public final class ToneMember implements AutoCloseable {
    private static final int RATE = 48_000;
    private static final int SAMPLES = RATE / 100; // 10 ms chunks
    private static PeerConnectionFactory factory;

    private final int width;
    private final int height;
    private final boolean simulcast;
    private final CustomAudioSource audioSource;
    private final CustomVideoSource videoSource;
    private final AudioTrack audioTrack;
    private final VideoTrack videoTrack;
    private final RTCPeerConnection publish;
    private final ScheduledExecutorService media;
    private final byte[] pcm = new byte[SAMPLES * 2];
    private final byte[] square = new byte[40];
    private final byte[][] grey = new byte[1][];
    private final byte[][] neutral = new byte[1][];
    private long sample;
    private long frames;
    private volatile int amplitude;

    /**
     * @param name a name for the tracks and threads
     * @param simulcast VP8 in three encodings (then {@code width}×{@code height} is the full one)
     */
    public ToneMember(String name, int width, int height, boolean simulcast) {
        this.width = width;
        this.height = height;
        this.simulcast = simulcast;
        PeerConnectionFactory f = factory(); // first: it loads libwebrtc, which the sources need
        audioSource = new CustomAudioSource();
        videoSource = new CustomVideoSource();
        audioTrack = f.createAudioTrack("tone-" + name, audioSource);
        videoTrack = f.createVideoTrack("picture-" + name, videoSource);
        publish = f.createPeerConnection(config(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate candidate) {
                // the relay is ICE-lite: it answers our checks and needs no candidates of ours
            }
        });
        Arrays.fill(square, (byte) 230);
        media = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tone-member-" + name);
            t.setDaemon(true);
            return t;
        });
        media.scheduleAtFixedRate(this::pushAudio, 0, 10, TimeUnit.MILLISECONDS);
        media.scheduleAtFixedRate(this::pushFrame, 0, 1000 / 15, TimeUnit.MILLISECONDS);
    }

    /** One libwebrtc for all members in the JVM; left to process exit, as the TV's is (STACK.md). */
    private static synchronized PeerConnectionFactory factory() {
        if (factory == null) {
            HeadlessAudioDeviceModule audio = new HeadlessAudioDeviceModule();
            audio.initPlayout();
            audio.startPlayout();
            audio.initRecording();
            audio.startRecording();
            factory = new PeerConnectionFactory(audio);
        }
        return factory;
    }

    private static RTCConfiguration config() {
        RTCConfiguration c = new RTCConfiguration();
        c.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        c.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        // libwebrtc skips lo: these two make it gather and use 127.0.0.1 (STACK.md)
        c.portAllocatorConfig =
                new PortAllocatorConfig().setDisableAdapterEnumeration(true).setEnableAnyAddressPorts(true);
        return c;
    }

    /**
     * Speaking or silent. Speaking is a tone near full scale (about −3 dBov), louder by far than the TV's
     * synthetic one (about −15 dBov), which the relay's detector must see as the lead (RFC 6464 §3);
     * silent is digital silence.
     */
    public void loud(boolean on) {
        amplitude = on ? 32_000 : 0;
    }

    /** Publishes the tone and the picture into the call as {@code client}; fails the test on an error. */
    public void publish(WsClient client, String callId) throws Exception {
        RTCRtpTransceiverInit audio = new RTCRtpTransceiverInit();
        audio.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        audio.streamIds = List.of("member");
        publish.addTransceiver(audioTrack, audio);
        RTCRtpTransceiverInit video = new RTCRtpTransceiverInit();
        video.direction = RTCRtpTransceiverDirection.SEND_ONLY;
        video.streamIds = List.of("member");
        if (simulcast) {
            video.sendEncodings = new ArrayList<>();
            for (double scale : new double[] {4, 2, 1}) {
                RTCRtpEncodingParameters e = new RTCRtpEncodingParameters();
                e.scaleResolutionDownBy = scale;
                e.active = true;
                video.sendEncodings.add(e);
            }
        }
        publish.addTransceiver(videoTrack, video);
        CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
        publish.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription d) {
                offer.complete(d);
            }

            @Override
            public void onFailure(String error) {
                offer.completeExceptionally(new IllegalStateException(error));
            }
        });
        RTCSessionDescription local = offer.get(10, TimeUnit.SECONDS);
        apply(true, local);
        JsonObject answer = client.request(
                new JsonObject()
                        .put("type", "media.publish")
                        .put("callId", callId)
                        .put("sdp", local.sdp),
                "media.answer");
        assertEquals("media.answer", answer.getString("type"), answer.encode());
        apply(false, new RTCSessionDescription(RTCSdpType.ANSWER, answer.getString("sdp")));
    }

    private void apply(boolean local, RTCSessionDescription d) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        SetSessionDescriptionObserver o = new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        };
        if (local) {
            publish.setLocalDescription(d, o);
        } else {
            publish.setRemoteDescription(d, o);
        }
        done.get(10, TimeUnit.SECONDS);
    }

    private void pushAudio() {
        int a = amplitude;
        for (int i = 0; i < SAMPLES; i++, sample++) {
            short v = (short) (a * Math.sin(2 * Math.PI * 440 * sample / RATE));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        audioSource.pushAudio(pcm, 16, RATE, 1, SAMPLES);
    }

    /** A grey picture with a bright square moving a step per frame: every layer has something to send. */
    private void pushFrame() {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        ByteBuffer y = buffer.getDataY();
        y.put(0, filled(grey, y.capacity(), 96));
        int x0 = (int) (frames * 4 % (width - 40));
        int y0 = (int) (frames * 2 % (height - 40));
        for (int row = y0; row < y0 + 40; row++) y.put(row * buffer.getStrideY() + x0, square);
        buffer.getDataU().put(0, filled(neutral, buffer.getDataU().capacity(), 128));
        buffer.getDataV().put(0, filled(neutral, buffer.getDataV().capacity(), 128));
        VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
        videoSource.pushFrame(frame);
        frame.release();
        frames++;
    }

    /** The plane's bytes, made once per size. */
    private static byte[] filled(byte[][] cache, int length, int value) {
        if (cache[0] == null || cache[0].length != length) {
            cache[0] = new byte[length];
            Arrays.fill(cache[0], (byte) value);
        }
        return cache[0];
    }

    /** Stops the sources and closes the PeerConnection (tracks are left to process exit: STACK.md). */
    @Override
    public void close() {
        media.shutdownNow();
        try {
            media.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publish.close();
    }
}
