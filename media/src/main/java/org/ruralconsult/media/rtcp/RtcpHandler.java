package org.ruralconsult.media.rtcp;

/**
 * What {@link RtcpDecoder} reports, one call per understood packet of a compound. Offsets point
 * into the array that was decoded; nothing is copied.
 */
public interface RtcpHandler {
    /** RFC 3550 §6.4.1: sender info of a sender report. */
    default void onSenderReport(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {}

    /** RFC 3550 §6.4.2: one report block of an SR or RR (about media {@code sourceSsrc}). */
    default void onReportBlock(int senderSsrc, int sourceSsrc, int fractionLost, int highestSeq, long lsr, long dlsr) {}

    /** RFC 4585 §6.2.1: one NACK FCI (packet id and bitmask of following losses). */
    default void onNack(int senderSsrc, int mediaSsrc, int packetId, int bitmask) {}

    /**
     * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): the estimate and
     * where its {@code ssrcCount} SSRCs lie in {@code b}.
     */
    default void onRemb(int senderSsrc, long bitsPerSecond, byte[] b, int ssrcOffset, int ssrcCount) {}

    /** RFC 4585 §6.3.1 picture loss or RFC 5104 §4.3.1 full intra request. */
    default void onKeyframeRequest(int senderSsrc, int mediaSsrc) {}

    /**
     * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1),
     * already checked to be well formed: the whole RTCP packet lies at {@code b[off..off+len)}; read it with
     * a reused {@link TransportCcFeedback}.
     */
    default void onTransportCc(int senderSsrc, byte[] b, int off, int len) {}
}
