package org.ruralconsult.media.routing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.ruralconsult.media.rtp.ExtensionIds;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.rtp.RtpRewriter;
import org.ruralconsult.media.rtp.Vp8PayloadDescriptor;
import org.ruralconsult.media.sdp.RtpCodec;
import org.ruralconsult.media.sdp.SubscribeNegotiation;

/**
 * One subscription: a producer's track sent to one subscriber with the relay's own SSRC, sequence
 * numbers and timestamps, so the stream stays continuous across layer switches.
 */
final class Consumer {
    final Producer producer;
    final Participant subscriber;
    final String mid;
    final byte[] midBytes;
    final int ssrc;
    final int rtxSsrc;
    final RtpCodec codec;
    /** Layers chosen per consumer by the subscriber's {@link BandwidthAllocator} (else the producer's busiest). */
    final boolean adaptive;
    /** The allocator's choice for this consumer (adaptive only). */
    final LayerChoice choice;
    /** VP8 picture id, TL0PICIDX and KEYIDX kept continuous across switches (adaptive VP8 only), else null. */
    private final Vp8PayloadDescriptor vp8;

    private final int clockRate;
    ExtensionIds extensions = new ExtensionIds();
    /** The subscriber's answer accepted this m-section. */
    boolean negotiated;
    /** Audio: the subscriber's answer kept RED (RFC 2198), so RED packets go to it as they come. */
    boolean red;

    private boolean anchored;
    private int seqOffset;
    private long tsOffset;
    int lastSeqOut;
    long lastTsOut;
    int rtxSeq = ThreadLocalRandom.current().nextInt(0x10000);
    int currentLayer = -1;
    long packetsSent;
    /** The subscriber's latest REMB share for this stream, and when it came. */
    long rembBitsPerSecond;

    long rembNanos;
    long octetsSent;
    /** When the last packet was let through (the timestamp gap across a switch follows real time). */
    private long lastAcceptNanos;

    Consumer(Producer producer, Participant subscriber, String mid, boolean adaptive) {
        this.producer = producer;
        this.subscriber = subscriber;
        this.mid = mid;
        this.midBytes = mid.getBytes(StandardCharsets.US_ASCII);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.ssrc = r.nextInt() | 1;
        this.rtxSsrc = producer.video && producer.track.codec().rtxPayloadType() >= 0 ? r.nextInt() | 2 : 0;
        this.codec = producer.track.codec().forSubscriber();
        boolean audio = !producer.video;
        extensions.put(
                audio ? SubscribeNegotiation.AUDIO_LEVEL_ID : SubscribeNegotiation.ABS_SEND_TIME_ID,
                audio ? HeaderExtension.AUDIO_LEVEL : HeaderExtension.ABS_SEND_TIME);
        extensions.put(SubscribeNegotiation.MID_ID, HeaderExtension.MID);
        this.adaptive = adaptive;
        this.choice = new LayerChoice(producer.video ? producer.layers.length - 1 : 0);
        this.vp8 =
                adaptive && producer.video && codec.name().equalsIgnoreCase("VP8") ? new Vp8PayloadDescriptor() : null;
        this.clockRate = producer.track.codec().clockRate();
    }

    /** The layer this consumer should get now: its own choice, or (not adaptive) the producer's busiest. -1: none. */
    int wantedLayer() {
        return adaptive ? choice.layer : producer.targetLayer;
    }

    boolean ready() {
        return negotiated && subscriber.subscribeTransport != null && subscriber.subscribeTransport.isConnected();
    }

    /** Maps an outgoing sequence number back to the producer's, for NACKs. */
    int producerSeq(int outSeq) {
        return (outSeq - seqOffset) & 0xffff;
    }

    /** Outgoing sequence number for a producer sequence number. */
    int outSequence(int producerSeq) {
        return (producerSeq + seqOffset) & 0xffff;
    }

    /** Outgoing timestamp for a producer timestamp (sender report translation). */
    long outTimestamp(long producerTs) {
        return (producerTs + tsOffset) & 0xffffffffL;
    }

    /** {@link #accept(int, byte[], int, int, long, boolean, long)} for a single stream (audio): it never switches. */
    boolean accept(int layer, byte[] b, int off, int seq, long ts, boolean keyframe) {
        return accept(layer, b, off, seq, ts, keyframe, lastAcceptNanos);
    }

    /**
     * Decides whether this layer's packet goes to the subscriber and, on a layer switch (only at a
     * key frame), re-anchors sequence numbers and timestamps to continue where they were.
     */
    boolean accept(int layer, byte[] b, int off, int seq, long ts, boolean keyframe, long nowNanos) {
        if (!adaptive) {
            return acceptBusiest(layer, seq, ts, keyframe);
        }
        int want = choice.layer;
        if (want < 0) {
            currentLayer = -1; // paused: nothing goes out; resuming waits for a key frame
            return false;
        }
        if (layer != currentLayer) {
            if (layer != want || (anchored && !keyframe)) {
                return false;
            }
            if (!anchored) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                seqOffset = (r.nextInt(0x8000) - seq) & 0xffff;
                tsOffset = (r.nextInt() - ts) & 0xffffffffL;
                anchored = true;
            } else {
                // continue the numbering: next sequence number, and the timestamp moved on by the
                // time that really passed since the last packet sent (RFC 3550 §5.1), at least one tick
                long ticks = Math.max(1, (nowNanos - lastAcceptNanos) / 1000 * clockRate / 1_000_000);
                seqOffset = (lastSeqOut + 1 - seq) & 0xffff;
                tsOffset = (lastTsOut + ticks - ts) & 0xffffffffL;
                if (vp8 != null) {
                    vp8.continueAtNextPacket();
                }
            }
            currentLayer = layer;
        }
        lastAcceptNanos = nowNanos;
        return true;
    }

    /** Before per-consumer layers ({@code --media-adaptive false}): the producer's busiest layer, kept as it was. */
    private boolean acceptBusiest(int layer, int seq, long ts, boolean keyframe) {
        if (layer != currentLayer) {
            if (layer != producer.targetLayer || (currentLayer >= 0 && !keyframe)) {
                return false;
            }
            if (!anchored) {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                seqOffset = (r.nextInt(0x8000) - seq) & 0xffff;
                tsOffset = (r.nextInt() - ts) & 0xffffffffL;
                anchored = true;
            } else {
                seqOffset = (lastSeqOut + 1 - seq) & 0xffff;
                tsOffset = (lastTsOut + 3000 - ts) & 0xffffffffL;
            }
            currentLayer = layer;
        }
        return true;
    }

    /** Writes the forwarded packet into {@code dst}; returns its length or -1. */
    int write(byte[] src, int off, int len, byte[] dst) {
        int seqOut = (RtpHeader.sequence(src, off) + seqOffset) & 0xffff;
        long tsOut = (RtpHeader.timestamp(src, off) + tsOffset) & 0xffffffffL;
        int n = RtpRewriter.rewrite(
                src,
                off,
                len,
                producer.track.extensions(),
                dst,
                ssrc,
                seqOut,
                tsOut,
                codec.payloadType(),
                extensions,
                midBytes,
                -1);
        if (n > 0 && vp8 != null) {
            int h = RtpHeader.headerLength(dst, 0, n);
            vp8.rewrite(dst, h, n - h, true);
        }
        if (n > 0) {
            if (((seqOut - lastSeqOut) & 0xffff) < 0x8000 || packetsSent == 0) {
                lastSeqOut = seqOut;
                lastTsOut = tsOut;
            }
            packetsSent++;
            octetsSent += n - RtpHeader.headerLength(dst, 0, n);
        }
        return n;
    }

    /** Writes a padding-only probe packet on this consumer's RTX stream into {@code dst}; -1 without RTX. */
    int writePadding(byte[] dst, int paddingBytes) {
        if (rtxSsrc == 0 || codec.rtxPayloadType() < 0) {
            return -1;
        }
        rtxSeq = (rtxSeq + 1) & 0xffff;
        return RtpRewriter.padding(
                dst, rtxSsrc, rtxSeq, lastTsOut, codec.rtxPayloadType(), extensions, midBytes, paddingBytes);
    }

    /** Writes {@code src} (a producer packet) as an RTX retransmission into {@code dst}. */
    int writeRtx(byte[] src, int off, int len, byte[] dst) {
        if (rtxSsrc == 0) {
            return -1;
        }
        int seqOut = (RtpHeader.sequence(src, off) + seqOffset) & 0xffff;
        long tsOut = (RtpHeader.timestamp(src, off) + tsOffset) & 0xffffffffL;
        rtxSeq = (rtxSeq + 1) & 0xffff;
        int n = RtpRewriter.rewrite(
                src,
                off,
                len,
                producer.track.extensions(),
                dst,
                rtxSsrc,
                rtxSeq,
                tsOut,
                codec.rtxPayloadType(),
                extensions,
                midBytes,
                seqOut);
        if (n > 0 && vp8 != null) {
            int h = RtpHeader.headerLength(dst, 0, n) + 2; // after the original sequence number
            vp8.rewrite(dst, h, n - h, false);
        }
        return n;
    }
}
