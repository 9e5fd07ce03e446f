package org.ruralconsult.media.routing;

import java.util.List;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtp.AudioLevel;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.RedPacket;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.Worker;

/**
 * The forwarding path of an audio producer: notes its RFC 6464 level for the dominant speaker, and
 * sends each packet to every consumer. A RED packet (RFC 2198) goes as it is to a subscriber whose
 * answer kept RED; the others get the primary block as plain Opus, preceded, when the publisher's
 * sequence numbers show a gap, by the redundant blocks that repeat the lost packets. Allocation-free;
 * worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2198#section-3">RFC 2198 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6464#section-3">RFC 6464 §3</a>
 */
final class AudioForwarder {
    private final Worker worker;
    private final PacketCounters counters;
    private final RedPacket red = new RedPacket();

    AudioForwarder(CallContext call) {
        this.worker = call.worker();
        this.counters = call.counters();
    }

    void forward(Producer producer, byte[] b, int off, int len, int seq, long ts) {
        int level = AudioLevel.read(b, off, len, producer.track.extensions().id(HeaderExtension.AUDIO_LEVEL));
        if (level >= 0) {
            producer.speech.onLevel(level);
            counters.audioLevelPackets++;
        }
        int redPt = producer.track.codec().redPayloadType();
        boolean isRed = redPt >= 0 && RtpHeader.payloadType(b, off) == redPt;
        int header = RtpHeader.headerLength(b, off, len);
        int payloadLength = len - header - RtpHeader.paddingLength(b, off, len);
        if (header >= 0 && payloadLength == 0) {
            // padding only: the publisher probing its bandwidth (transport-cc), no audio to pass on
            counters.drop(DropReason.PADDING_ONLY);
            return;
        }
        if (isRed && (header < 0 || payloadLength < 0 || !red.parse(b, off + header, payloadLength))) {
            counters.drop(DropReason.RED_MALFORMED);
            return;
        }
        int missing = producer.redRecovery.onPacket(seq, ts);
        PacketScratch out = worker.rtpScratch();
        byte[] dst = out.getBuffer();
        List<Consumer> consumers = producer.consumers;
        for (int i = 0, n = consumers.size(); i < n; i++) {
            Consumer c = consumers.get(i);
            if (!c.ready() || !c.accept(0, b, off, seq, ts, false)) {
                continue;
            }
            if (!isRed) {
                send(c, c.write(b, off, len, dst), out);
            } else if (c.red) {
                int w = c.write(b, off, len, dst);
                if (w > 0) {
                    RtpHeader.payloadType(dst, 0, c.codec.redPayloadType());
                    red.rewriteBlockPayloadTypes(dst, w - payloadLength, c.codec.payloadType());
                    if (send(c, w, out)) {
                        counters.redForwarded++;
                    }
                }
            } else {
                for (int k = Math.min(missing, red.redundantCount()); k >= 1; k--) {
                    int block = red.primary() - k;
                    long blockTs = (ts - red.timestampOffset(block)) & 0xffffffffL;
                    if (red.length(block) > 0
                            && producer.redRecovery.unsent(blockTs)
                            && sendBlock(c, b, off, len, payloadLength, block, (seq - k) & 0xffff, blockTs, out)) {
                        counters.redRecovered++;
                    }
                }
                if (red.length(red.primary()) > 0
                        && sendBlock(c, b, off, len, payloadLength, red.primary(), seq, ts, out)) {
                    counters.redStripped++;
                }
            }
        }
    }

    /** Sends one block of the RED packet as a plain Opus packet with the given producer seq and ts. */
    private boolean sendBlock(
            Consumer c, byte[] b, int off, int len, int payloadLength, int block, int seq, long ts, PacketScratch out) {
        byte[] dst = out.getBuffer();
        int w = c.write(b, off, len, dst);
        if (w <= 0) {
            return false;
        }
        int payload = w - payloadLength;
        System.arraycopy(dst, payload + red.offset(block), dst, payload, red.length(block));
        int n = payload + red.length(block);
        c.octetsSent -= w - n;
        if (block != red.primary()) {
            RtpHeader.sequence(dst, 0, c.outSequence(seq));
            RtpHeader.timestamp(dst, 0, c.outTimestamp(ts));
            dst[1] &= 0x7f; // the marker belongs to the packet that started a talk spurt, not to a repair
        }
        return send(c, n, out);
    }

    private boolean send(Consumer c, int length, PacketScratch out) {
        if (length <= 0) {
            return false;
        }
        out.setOffset(0);
        out.setLength(length);
        if (c.subscriber.subscribeTransport.sendRtp(out)) {
            counters.rtpForwarded++;
            return true;
        }
        return false;
    }
}
