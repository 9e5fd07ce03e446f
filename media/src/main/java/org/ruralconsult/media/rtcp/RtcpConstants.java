package org.ruralconsult.media.rtcp;

/**
 * RTCP packet types and feedback formats.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3550#section-12.1">RFC 3550 §12.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6">RFC 4585 §6 feedback messages</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1">RFC 5104 §4.3.1 FIR</a>
 */
public final class RtcpConstants {
    private RtcpConstants() {}

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** RTPFB transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
    public static final int FMT_TRANSPORT_CC = 15;

    public static final int FMT_AFB = 15;
}
