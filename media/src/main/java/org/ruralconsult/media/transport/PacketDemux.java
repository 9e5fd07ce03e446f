package org.ruralconsult.media.transport;

/**
 * Classifies a datagram by its first byte.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 §7 multiplexing scheme</a>
 */
final class PacketDemux {
    static final int STUN = 0;
    static final int DTLS = 1;
    static final int RTP_OR_RTCP = 2;
    static final int UNKNOWN = 3;

    private PacketDemux() {}

    static int classify(int firstByte) {
        int b = firstByte & 0xff;
        if (b <= 3) {
            return STUN;
        }
        if (b >= 20 && b <= 63) {
            return DTLS;
        }
        if (b >= 128 && b <= 191) {
            return RTP_OR_RTCP;
        }
        return UNKNOWN; // 16..19 ZRTP, 64..79 TURN channels: not used here
    }
}
