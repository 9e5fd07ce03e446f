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

    long lastPacketNanos;

    ProducerStream(
            int layer, String rid, int ssrc, int rtxSsrc, int clockRate, boolean video, RetransmissionBufferPool pool) {
        this.layer = layer;
        this.rid = rid;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.stats = new ReceiveStatistics(clockRate);
        this.buffer = video ? pool.take() : null;
    }

    /** The stream has ended: its buffer goes back to the pool, and nothing here can reach it any more. */
    void release(RetransmissionBufferPool pool) {
        if (buffer != null) {
            pool.give(buffer);
            buffer = null;
        }
    }
}
