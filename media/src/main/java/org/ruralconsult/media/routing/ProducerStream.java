package org.ruralconsult.media.routing;

/** One incoming RTP stream of a producer: the only one, or one simulcast layer. */
final class ProducerStream {
    final int layer;
    final String rid;
    int ssrc;
    int rtxSsrc;
    final ReceiveStatistics stats;
    /** Video only; null once the stream has ended and given it back to the worker's pool. */
    RetransmissionBuffer buffer;
    /** Video only: what the relay NACKed upstream, so that only the publisher's RTX answering it goes on. */
    final NackedUpstream nackedUpstream;

    long lastPacketNanos;
    /** When a key frame of this layer was last asked for (PLI), for the throttle. */
    long lastKeyframeRequestNanos;
    /** Picture size from this layer's last key frame (VP8 frame header, H.264 SPS); 0 until one came. */
    int width;

    int height;
    /** A layer silent this long is not flowing (the publisher dropped it), whatever last second's rate. */
    static final long SILENT_NANOS = 1_000_000_000L;

    ProducerStream(
            int layer, String rid, int ssrc, int rtxSsrc, int clockRate, boolean video, RetransmissionBufferPool pool) {
        this.layer = layer;
        this.rid = rid;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.stats = new ReceiveStatistics(clockRate);
        this.buffer = video ? pool.take() : null;
        this.nackedUpstream = video ? new NackedUpstream() : null;
    }

    /** What this layer carried last second, in bits per second; 0 when it has gone silent since. */
    long bitrateBps(long nowNanos) {
        if (lastPacketNanos == 0 || nowNanos - lastPacketNanos > SILENT_NANOS) {
            return 0;
        }
        return stats.bytesLastPeriod * 8;
    }

    /** The stream has ended: its buffer goes back to the pool, and nothing here can reach it any more. */
    void release(RetransmissionBufferPool pool) {
        if (buffer != null) {
            pool.give(buffer);
            buffer = null;
        }
    }
}
