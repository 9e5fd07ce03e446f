package org.ruralconsult.loadgen;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The synthetic tracks of one participant: Opus-like audio (50 packets/s, 100-byte RTP packets; with RED,
 * RFC 2198, the previous packet's payload again in each) and VP8-like video, either one stream (1.5 Mbit/s
 * at 30 frames/s) or three simulcast layers ({@link #SIMULCAST}), in RTP packets of at most 1,100 bytes, a
 * key frame of 8 times a delta frame every 5 s or when asked by PLI/FIR (per layer: the PLI's SSRC), sent as
 * one burst. No codec: payloads carry a VP8 payload descriptor/header so that relays can see frame starts,
 * key frames and (simulcast) picture ids, and a {@link Stamp}.
 */
final class Publisher {
    static final int AUDIO_PACKET = 100;
    static final int VIDEO_MAX_PACKET = 1100;
    static final int VIDEO_BITRATE = 1_500_000;
    static final int FPS = 30;
    static final int KEYFRAME_EVERY_FRAMES = 150;
    static final int KEYFRAME_FACTOR = 8;
    /** Delta frame bytes such that the average over a key frame period is the target bitrate. */
    static final int DELTA_FRAME_BYTES = deltaFrameBytes(VIDEO_BITRATE);
    /** The first packets of each layer carry the mid and rid header extensions (RFC 8852 §4). */
    static final int PACKETS_WITH_IDS = 64;

    /** One simulcast layer: its rid and target bitrate, and the picture size its key frames announce. */
    record Shape(String rid, int bitrate, int width, int height) {}

    /** Three layers of a 720p camera as a browser sends them, lowest first as the SDP lists them. */
    static final List<Shape> SIMULCAST = List.of(
            new Shape("q", 150_000, 320, 180), new Shape("h", 500_000, 640, 360), new Shape("f", 1_200_000, 1280, 720));

    static final Shape SINGLE = new Shape(null, VIDEO_BITRATE, 640, 360);

    private static final AtomicInteger STREAM_IDS = new AtomicInteger();
    private final Conn conn;
    private final Stats stats;
    private final int receivers;
    final int audioSsrc;
    private final int audioStream = Stamp.newStreamId(STREAM_IDS.incrementAndGet(), Stamp.AUDIO);
    private final int audioPt;
    private final int videoPt;
    private volatile int redPt = -1;
    private int audioSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int audioTs = ThreadLocalRandom.current().nextInt();
    private int audioCount;
    private final Layer[] layers;
    long nextAudio;
    long nextVideo;
    private final Pkt pkt = new Pkt(2048);
    private final byte[] scratch = new byte[2048];
    /** The previous audio payload, sent again as the redundant block when RED is on. */
    private final byte[] previousAudio = new byte[AUDIO_PACKET];

    private int previousAudioLength;

    /** One outgoing video stream: the only one, or a simulcast layer. */
    static final class Layer {
        final Shape shape;
        final int index;
        final int ssrc;
        final int stream;
        final int deltaFrameBytes;
        int seq = ThreadLocalRandom.current().nextInt(0x10000);
        int ts = ThreadLocalRandom.current().nextInt();
        int pictureId = ThreadLocalRandom.current().nextInt(0x8000);
        int count;
        int frame;
        int withIds = PACKETS_WITH_IDS;
        volatile boolean keyFrameAsked = true;

        Layer(Shape shape, int index, int ssrc) {
            this.shape = shape;
            this.index = index;
            this.ssrc = ssrc;
            this.stream = Stamp.newStreamId(STREAM_IDS.incrementAndGet(), index);
            this.deltaFrameBytes = deltaFrameBytes(shape.bitrate());
        }
    }

    Conn conn() {
        return conn;
    }

    /** One video stream at 1.5 Mbit/s: the single-layer mode, as before simulcast. */
    Publisher(Conn conn, Stats stats, int receivers, int audioSsrc, int videoSsrc, int audioPt, int videoPt) {
        this(conn, stats, receivers, audioSsrc, new int[] {videoSsrc}, audioPt, videoPt);
    }

    /** With three {@code videoSsrcs}, the layers of {@link #SIMULCAST}; with one, the single stream. */
    Publisher(Conn conn, Stats stats, int receivers, int audioSsrc, int[] videoSsrcs, int audioPt, int videoPt) {
        this.conn = conn;
        this.stats = stats;
        this.receivers = receivers;
        this.audioSsrc = audioSsrc;
        this.audioPt = audioPt;
        this.videoPt = videoPt;
        if (videoSsrcs.length != 1 && videoSsrcs.length != SIMULCAST.size()) {
            throw new IllegalArgumentException("one video SSRC, or one per simulcast layer");
        }
        layers = new Layer[videoSsrcs.length];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = videoSsrcs.length == 1
                    ? new Layer(SINGLE, Stamp.TOP_LAYER, videoSsrcs[0])
                    : new Layer(SIMULCAST.get(i), i, videoSsrcs[i]);
        }
        conn.publisher = this;
    }

    /** A participant as {@code mode} shapes it, with random SSRCs. */
    static Publisher create(Conn conn, Stats stats, int receivers, MediaMode mode) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int[] video = new int[mode.simulcast() ? SIMULCAST.size() : 1];
        for (int i = 0; i < video.length; i++) {
            video[i] = rnd.nextInt();
        }
        return new Publisher(conn, stats, receivers, rnd.nextInt(), video, Sdp.OPUS_PT, Sdp.VP8_PT);
    }

    int[] videoSsrcs() {
        int[] s = new int[layers.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = layers[i].ssrc;
        }
        return s;
    }

    boolean simulcast() {
        return layers.length > 1;
    }

    /** Sends audio as RED (RFC 2198) with payload type {@code pt} from now on; negative: plain Opus. */
    void useRed(int pt) {
        redPt = pt;
    }

    /** A key frame on the layer with {@code ssrc}; on every layer when no layer has it (FIR, audio SSRC). */
    void requestKeyFrame(int ssrc) {
        boolean found = false;
        for (Layer l : layers) {
            if (l.ssrc == ssrc) {
                l.keyFrameAsked = true;
                found = true;
            }
        }
        if (!found) {
            requestKeyFrame();
        }
    }

    void requestKeyFrame() {
        for (Layer l : layers) {
            l.keyFrameAsked = true;
        }
    }

    void start(long now) {
        // spread participants over a frame interval so that bursts do not line up
        nextAudio = now + ThreadLocalRandom.current().nextLong(20_000_000L);
        nextVideo = now + ThreadLocalRandom.current().nextLong(1_000_000_000L / FPS);
    }

    /** Sends whatever is due at {@code now}; returns when next something is due. */
    long tick(long now) {
        if (!conn.ready()) {
            return now + 10_000_000L;
        }
        while (now >= nextAudio) {
            sendAudio();
            nextAudio += 20_000_000L;
        }
        while (now >= nextVideo) {
            // a browser encodes each camera frame once per layer, all at the same moment
            for (Layer l : layers) {
                sendFrame(l);
            }
            nextVideo += 1_000_000_000L / FPS;
        }
        return Math.min(nextAudio, nextVideo);
    }

    private void sendAudio() {
        int red = redPt;
        header(scratch, red >= 0 ? red : audioPt, false, audioSeq++, audioTs, audioSsrc);
        int at = 12;
        if (red >= 0) {
            at = redHeader(scratch, at, audioPt, previousAudioLength, 960);
            System.arraycopy(previousAudio, 0, scratch, at, previousAudioLength);
            at += previousAudioLength;
        }
        audioTs += 960;
        int primary = AUDIO_PACKET - 12;
        for (int i = 0; i < primary; i++) {
            scratch[at + i] = (byte) (12 + i);
        }
        long t = System.nanoTime();
        Stamp.write(scratch, at + Stamp.AUDIO_OFFSET, audioStream, t, audioCount++);
        System.arraycopy(scratch, at, previousAudio, 0, primary);
        previousAudioLength = primary;
        conn.sendRtp(pkt.set(scratch, 0, at + primary));
        stats.onSent(t, receivers);
    }

    /**
     * RFC 2198 §3 headers: one 4-byte header for the redundant block (F=1, its payload type, timestamp offset,
     * length), when there is one, then the 1-byte header of the primary block (F=0); returns where data goes.
     */
    static int redHeader(byte[] b, int at, int pt, int redundantLength, int tsOffset) {
        if (redundantLength > 0) {
            b[at] = (byte) (0x80 | pt);
            int v = (tsOffset << 10) | redundantLength;
            b[at + 1] = (byte) (v >>> 16);
            b[at + 2] = (byte) (v >>> 8);
            b[at + 3] = (byte) v;
            at += 4;
        }
        b[at] = (byte) pt;
        return at + 1;
    }

    private void sendFrame(Layer l) {
        boolean key = l.keyFrameAsked || l.frame % KEYFRAME_EVERY_FRAMES == 0;
        if (key) {
            l.keyFrameAsked = false;
            l.frame = 0;
            stats.keyFrames.increment();
        }
        l.frame++;
        boolean simulcast = simulcast();
        int bytes = key ? l.deltaFrameBytes * KEYFRAME_FACTOR : l.deltaFrameBytes;
        int perPacket = VIDEO_MAX_PACKET - 12;
        int packets = (bytes + perPacket - 1) / perPacket;
        int stampAt = simulcast ? Stamp.PICTURE_ID_VIDEO_OFFSET : Stamp.VIDEO_OFFSET;
        for (int i = 0; i < packets; i++) {
            int payload = i == packets - 1 ? Math.max(stampAt + Stamp.LENGTH, bytes - i * perPacket) : perPacket;
            header(scratch, videoPt, i == packets - 1, l.seq++, l.ts, l.ssrc);
            int at = 12;
            if (simulcast && l.withIds > 0) {
                l.withIds--;
                at = ids(scratch, "1", l.shape.rid());
            }
            int len = at + payload;
            if (simulcast) {
                vp8WithPictureId(scratch, at, i == 0, key, l.pictureId, l.shape.width(), l.shape.height());
            } else {
                vp8(scratch, at, i == 0, key);
            }
            for (int j = at + (simulcast ? 14 : 11); j < len; j++) {
                scratch[j] = (byte) j;
            }
            long t = System.nanoTime();
            Stamp.write(scratch, at + stampAt, l.stream, t, l.count++);
            conn.sendRtp(pkt.set(scratch, 0, len));
            // a relay forwards one layer of several: the receivers count what they should have got
            stats.onSent(t, simulcast ? 0 : receivers);
        }
        l.ts += 90_000 / FPS;
        l.pictureId = (l.pictureId + 1) & 0x7fff;
    }

    /**
     * The mid and rid header extensions (RFC 8852 §3, one-byte form of RFC 8285 §4.2) after the fixed
     * header; sets X; returns where the payload starts. Both values are one character here.
     */
    static int ids(byte[] b, String mid, String rid) {
        b[0] |= 0x10;
        b[12] = (byte) 0xbe;
        b[13] = (byte) 0xde;
        b[14] = 0;
        b[15] = 1; // one word
        b[16] = (byte) (Sdp.MID_ID << 4); // length - 1 = 0
        b[17] = (byte) mid.charAt(0);
        b[18] = (byte) (Sdp.RID_ID << 4);
        b[19] = (byte) rid.charAt(0);
        return 20;
    }

    static void header(byte[] b, int pt, boolean marker, int seq, int ts, int ssrc) {
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        Stamp.putInt(b, 4, ts);
        Stamp.putInt(b, 8, ssrc);
    }

    /** VP8 payload descriptor (RFC 7741 §4.2) and, on a frame's first packet, the VP8 frame tag. */
    static void vp8(byte[] b, int at, boolean start, boolean key) {
        b[at] = (byte) (start ? 0x10 : 0x00); // S bit, partition 0
        if (!start) {
            for (int i = 1; i < 11; i++) {
                b[at + i] = 0;
            }
            return;
        }
        frameTag(b, at + 1, key, 640, 360);
    }

    /**
     * VP8 payload descriptor with a 15-bit picture id (RFC 7741 §4.2: X=1, I=1, M=1), which a relay
     * switching layers rewrites to stay continuous, then the frame tag on a frame's first packet.
     */
    static void vp8WithPictureId(byte[] b, int at, boolean start, boolean key, int pictureId, int w, int h) {
        b[at] = (byte) (0x80 | (start ? 0x10 : 0x00)); // X, S, partition 0
        b[at + 1] = (byte) 0x80; // I
        b[at + 2] = (byte) (0x80 | (pictureId >>> 8)); // M=1: 15 bits
        b[at + 3] = (byte) pictureId;
        if (!start) {
            for (int i = 4; i < 14; i++) {
                b[at + i] = 0;
            }
            return;
        }
        frameTag(b, at + 4, key, w, h);
    }

    /** The VP8 frame tag (RFC 6386 §9.1), with the key frame start code and size. */
    private static void frameTag(byte[] b, int at, boolean key, int w, int h) {
        b[at] = (byte) (key ? 0x10 : 0x11); // P=0 key frame / 1 inter, show_frame=1
        b[at + 1] = 0x02;
        b[at + 2] = 0x00;
        b[at + 3] = (byte) 0x9d; // key frame start code
        b[at + 4] = 0x01;
        b[at + 5] = 0x2a;
        b[at + 6] = (byte) (w & 0xff);
        b[at + 7] = (byte) (w >> 8);
        b[at + 8] = (byte) (h & 0xff);
        b[at + 9] = (byte) (h >> 8);
    }

    static int deltaFrameBytes(int bitrate) {
        return bitrate / 8 / FPS * KEYFRAME_EVERY_FRAMES / (KEYFRAME_EVERY_FRAMES - 1 + KEYFRAME_FACTOR);
    }
}
