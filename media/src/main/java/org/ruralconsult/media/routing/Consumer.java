package org.ruralconsult.media.routing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.ruralconsult.media.rtp.ExtensionIds;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.rtp.RtpRewriter;
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
    ExtensionIds extensions = new ExtensionIds();
    /** The subscriber's answer accepted this m-section. */
    boolean negotiated;

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

    Consumer(Producer producer, Participant subscriber, String mid) {
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
    }

    boolean ready() {
        return negotiated && subscriber.subscribeTransport != null && subscriber.subscribeTransport.isConnected();
    }

    /** Maps an outgoing sequence number back to the producer's, for NACKs. */
    int producerSeq(int outSeq) {
        return (outSeq - seqOffset) & 0xffff;
    }

    /** Outgoing timestamp for a producer timestamp (sender report translation). */
    long outTimestamp(long producerTs) {
        return (producerTs + tsOffset) & 0xffffffffL;
    }

    /**
     * Decides whether this layer's packet goes to the subscriber and, on a layer switch (only at a
     * key frame), re-anchors sequence numbers and timestamps to continue where they were.
     */
    boolean accept(int layer, byte[] b, int off, int seq, long ts, boolean keyframe) {
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
        return RtpRewriter.rewrite(
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
    }
}
