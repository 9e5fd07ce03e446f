package org.ruralconsult.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.stun.StunConstants;
import org.ruralconsult.media.stun.StunDecoder;
import org.ruralconsult.media.stun.StunException;
import org.ruralconsult.media.stun.StunMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each received datagram to its transport by the first byte (RFC 7983): STUN by the
 * USERNAME's ufrag, DTLS and SRTP/SRTCP by the sender's address. What fits nowhere is counted and
 * dropped. Worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 §7 multiplexing scheme</a>
 */
final class PacketDemux {
    private static final Logger LOG = LoggerFactory.getLogger(PacketDemux.class);
    static final int STUN = 0;
    static final int DTLS = 1;
    static final int RTP_OR_RTCP = 2;
    static final int UNKNOWN = 3;

    private final int workerIndex;
    private final TransportRegistry registry;
    private final PacketCounters counters;
    private final PacketScratch scratch = new PacketScratch();

    PacketDemux(int workerIndex, TransportRegistry registry, PacketCounters counters) {
        this.workerIndex = workerIndex;
        this.registry = registry;
        this.counters = counters;
    }

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

    /** The caller keeps ownership of {@code data} and releases it after; nothing here retains it. */
    void onDatagram(ByteBuf data, InetSocketAddress from) {
        try {
            demultiplex(data, from);
        } catch (RuntimeException e) {
            // a bug on one packet must not hurt other calls on this worker: count, log, go on
            counters.drop(DropReason.INTERNAL_ERROR);
            if (LOG.isDebugEnabled()) {
                LOG.debug("worker {}: packet from {} failed", workerIndex, from, e);
            }
        }
    }

    private void demultiplex(ByteBuf data, InetSocketAddress from) {
        int len = data.readableBytes();
        if (len == 0 || len > Worker.MAX_DATAGRAM) {
            counters.drop(DropReason.BAD_SIZE);
            return;
        }
        switch (classify(data.getByte(data.readerIndex()))) {
            case STUN -> onStun(data, from);
            case DTLS -> {
                WebRtcTransport t = registry.byAddress(from);
                if (t == null) {
                    counters.drop(DropReason.UNKNOWN_SOURCE);
                    return;
                }
                byte[] record = new byte[len];
                data.getBytes(data.readerIndex(), record);
                t.onDtls(record);
            }
            case RTP_OR_RTCP -> {
                WebRtcTransport t = registry.byAddress(from);
                if (t == null) {
                    counters.drop(DropReason.UNKNOWN_SOURCE);
                    return;
                }
                // jitsi-srtp works on byte[]: copy into the worker's scratch
                PacketScratch p = scratch.clear();
                data.getBytes(data.readerIndex(), p.array(), 0, len);
                p.setLength(len);
                boolean rtcp = len >= 8 && isRtcpType(p.array()[1]);
                t.onSrtp(p, rtcp);
            }
            default -> counters.drop(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private static boolean isRtcpType(byte second) {
        int pt = second & 0xff;
        return pt >= 192 && pt <= 223; // RFC 5761 §4
    }

    private void onStun(ByteBuf data, InetSocketAddress from) {
        byte[] raw = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), raw);
        StunMessage m;
        try {
            m = StunDecoder.decode(raw);
        } catch (StunException e) {
            counters.drop(DropReason.STUN_MALFORMED);
            return;
        }
        if (!m.isBindingRequest()) {
            if (m.type() != StunConstants.BINDING_INDICATION) {
                counters.drop(DropReason.STUN_MALFORMED);
            }
            return;
        }
        String username = m.username();
        int colon = username == null ? -1 : username.indexOf(':');
        WebRtcTransport t = colon < 0 ? null : registry.byUfrag(username.substring(0, colon));
        if (t == null) {
            counters.drop(DropReason.STUN_UNAUTHORIZED);
            return;
        }
        t.onStun(m, from);
    }
}
