package org.ruralconsult.media.transport;

/**
 * Lets the demultiplexing benchmark call {@link PacketDemux} itself, which is package-private in
 * media. This class lives in bench-jmh under media's package name (a split package, fine on the
 * class path) so that media keeps its API as it is.
 */
public final class DemuxAccess {
    public static final int STUN = PacketDemux.STUN;
    public static final int DTLS = PacketDemux.DTLS;
    public static final int RTP_OR_RTCP = PacketDemux.RTP_OR_RTCP;

    private DemuxAccess() {}

    public static int classify(byte firstByte) {
        return PacketDemux.classify(firstByte);
    }
}
