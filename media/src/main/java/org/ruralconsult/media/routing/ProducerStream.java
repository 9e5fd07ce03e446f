package org.ruralconsult.media.routing;

/** One incoming RTP stream of a producer: the only one, or one simulcast layer. */
final class ProducerStream {
    final int layer;
    final String rid;
    int ssrc;
    int rtxSsrc;
    final ReceiveStatistics stats;
    final RetransmissionBuffer buffer;
    long lastPacketNanos;

    ProducerStream(int layer, String rid, int ssrc, int rtxSsrc, int clockRate, boolean video) {
        this.layer = layer;
        this.rid = rid;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        this.stats = new ReceiveStatistics(clockRate);
        this.buffer = video ? new RetransmissionBuffer() : null;
    }
}
