package org.ruralconsult.loadgen;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The synthetic tracks of one participant: Opus-like audio (50 packets/s, 100-byte RTP packets) and
 * VP8-like video (1.5 Mbit/s at 30 frames/s in RTP packets of at most 1,100 bytes, a key frame of 8 times a
 * delta frame every 5 s or when asked by PLI/FIR, sent as one burst). No codec: payloads carry a VP8
 * payload descriptor/header so that relays can see frame starts and key frames, and a {@link Stamp}.
 */
final class Publisher {
    static final int AUDIO_PACKET = 100;
    static final int VIDEO_MAX_PACKET = 1100;
    static final int VIDEO_BITRATE = 1_500_000;
    static final int FPS = 30;
    static final int KEYFRAME_EVERY_FRAMES = 150;
    static final int KEYFRAME_FACTOR = 8;
    /** Delta frame bytes such that the average over a key frame period is the target bitrate. */
    static final int DELTA_FRAME_BYTES =
            VIDEO_BITRATE / 8 / FPS * KEYFRAME_EVERY_FRAMES / (KEYFRAME_EVERY_FRAMES - 1 + KEYFRAME_FACTOR);

    private static final AtomicInteger STREAM_IDS = new AtomicInteger();
    private final Conn conn;
    private final Stats stats;
    private final int receivers;
    final int audioSsrc;
    final int videoSsrc;
    private final int audioStream = STREAM_IDS.incrementAndGet();
    private final int videoStream = STREAM_IDS.incrementAndGet();
    private final int audioPt;
    private final int videoPt;
    private int audioSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int videoSeq = ThreadLocalRandom.current().nextInt(0x10000);
    private int audioTs = ThreadLocalRandom.current().nextInt();
    private int videoTs = ThreadLocalRandom.current().nextInt();
    private int audioCount;
    private int videoCount;
    private int frame;
    private volatile boolean keyFrameAsked = true;
    long nextAudio;
    long nextVideo;
    private final Pkt pkt = new Pkt(2048);
    private final byte[] scratch = new byte[2048];

    Conn conn() {
        return conn;
    }

    Publisher(Conn conn, Stats stats, int receivers, int audioSsrc, int videoSsrc, int audioPt, int videoPt) {
        this.conn = conn;
        this.stats = stats;
        this.receivers = receivers;
        this.audioSsrc = audioSsrc;
        this.videoSsrc = videoSsrc;
        this.audioPt = audioPt;
        this.videoPt = videoPt;
        conn.publisher = this;
    }

    void requestKeyFrame() {
        keyFrameAsked = true;
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
            sendFrame();
            nextVideo += 1_000_000_000L / FPS;
        }
        return Math.min(nextAudio, nextVideo);
    }

    private void sendAudio() {
        int len = AUDIO_PACKET;
        header(scratch, audioPt, false, audioSeq++, audioTs, audioSsrc);
        audioTs += 960;
        for (int i = 12; i < len; i++) {
            scratch[i] = (byte) i;
        }
        long t = System.nanoTime();
        Stamp.write(scratch, 12 + Stamp.AUDIO_OFFSET, audioStream, t, audioCount++);
        conn.sendRtp(pkt.set(scratch, 0, len));
        stats.onSent(t, receivers);
    }

    private void sendFrame() {
        boolean key = keyFrameAsked || frame % KEYFRAME_EVERY_FRAMES == 0;
        if (key) {
            keyFrameAsked = false;
            frame = 0;
            stats.keyFrames.increment();
        }
        frame++;
        int bytes = key ? DELTA_FRAME_BYTES * KEYFRAME_FACTOR : DELTA_FRAME_BYTES;
        int perPacket = VIDEO_MAX_PACKET - 12;
        int packets = (bytes + perPacket - 1) / perPacket;
        for (int i = 0; i < packets; i++) {
            int payload =
                    i == packets - 1 ? Math.max(Stamp.VIDEO_OFFSET + Stamp.LENGTH, bytes - i * perPacket) : perPacket;
            int len = 12 + payload;
            header(scratch, videoPt, i == packets - 1, videoSeq++, videoTs, videoSsrc);
            vp8(scratch, 12, i == 0, key);
            for (int j = 12 + 11; j < len; j++) {
                scratch[j] = (byte) j;
            }
            long t = System.nanoTime();
            Stamp.write(scratch, 12 + Stamp.VIDEO_OFFSET, videoStream, t, videoCount++);
            conn.sendRtp(pkt.set(scratch, 0, len));
            stats.onSent(t, receivers);
        }
        videoTs += 90_000 / FPS;
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
        b[at + 1] = (byte) (key ? 0x10 : 0x11); // P=0 key frame / 1 inter, show_frame=1
        b[at + 2] = 0x02;
        b[at + 3] = 0x00;
        b[at + 4] = (byte) 0x9d; // key frame start code
        b[at + 5] = 0x01;
        b[at + 6] = 0x2a;
        b[at + 7] = (byte) (640 & 0xff); // width 640
        b[at + 8] = (byte) (640 >> 8);
        b[at + 9] = (byte) (360 & 0xff); // height 360
        b[at + 10] = (byte) (360 >> 8);
    }
}
