package org.ruralconsult.media.routing;

import java.util.List;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.rtp.FrameSize;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.Keyframes;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.transport.Worker;

/**
 * The forwarding path: one incoming RTP packet (decrypted) to every consumer of its producer,
 * rewritten per consumer. Allocation-free once warm; worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7667#section-3.7">RFC 7667 §3.7 selective forwarding middlebox</a>
 */
final class Forwarder {
    private final Worker worker;
    private final PacketCounters counters;
    private final KeyframeRequests keyframes;
    private final AudioForwarder audio;
    private final FrameSize frameSize = new FrameSize();

    Forwarder(CallContext call, KeyframeRequests keyframes) {
        this.worker = call.worker();
        this.counters = call.counters();
        this.keyframes = keyframes;
        this.audio = new AudioForwarder(call);
    }

    /** The forwarding path: one incoming RTP packet to every consumer of its producer. */
    void forward(Participant p, PacketScratch in) {
        byte[] b = in.getBuffer();
        int off = in.getOffset();
        int len = in.getLength();
        int ssrc = RtpHeader.ssrc(b, off);
        StreamRef ref = p.streamsBySsrc.get(ssrc);
        if (ref == null) {
            ref = learnSsrc(p, b, off, len, ssrc);
            if (ref == null) {
                counters.drop(DropReason.UNKNOWN_SSRC);
                return;
            }
        }
        Producer producer = ref.producer();
        ProducerStream stream = producer.layers[ref.layer()];
        boolean retransmission = ref.rtx();
        if (retransmission) {
            len = unwrapRtx(b, off, len, stream.ssrc, producer.track.codec().payloadType());
            if (len < 0) {
                counters.drop(DropReason.RTX_PADDING);
                return;
            }
        }
        long now = System.nanoTime();
        int seq = RtpHeader.sequence(b, off);
        long ts = RtpHeader.timestamp(b, off);
        stream.lastPacketNanos = now;
        if (!retransmission) {
            stream.stats.onPacket(seq, ts, now, len);
        }
        if (stream.buffer != null) {
            stream.buffer.store(b, off, len, seq, now);
        }
        if (!producer.video) {
            audio.forward(producer, b, off, len, seq, ts);
            return;
        }
        if (retransmission && !stream.nackedUpstream.take(seq, now)) {
            counters.publisherRtxKept++; // the publisher's probing, or an answer to its own loss detection
            return;
        }
        boolean keyframe = isKeyframe(producer, b, off, len);
        if (keyframe && !retransmission) {
            learnSize(producer, stream, b, off, len);
        }
        PacketScratch out = worker.rtpScratch();
        List<Consumer> consumers = producer.consumers;
        for (int i = 0, n = consumers.size(); i < n; i++) {
            Consumer c = consumers.get(i);
            if (!c.ready()) {
                continue;
            }
            if (retransmission) {
                if (c.currentLayer != ref.layer()) {
                    continue;
                }
                int w = c.writeRtx(b, off, len, out.getBuffer());
                if (w > 0) {
                    out.setOffset(0);
                    out.setLength(w);
                    if (c.subscriber.subscribeTransport.sendRtp(out)) {
                        counters.rtxSent++;
                    }
                }
                continue;
            }
            int before = c.currentLayer;
            if (!c.accept(ref.layer(), b, off, seq, ts, keyframe, now)) {
                if (ref.layer() == c.wantedLayer() && c.currentLayer != ref.layer()) {
                    keyframes.request(producer, ref.layer());
                }
                continue;
            }
            if (before >= 0 && before != c.currentLayer) {
                counters.layerSwitches++;
            }
            int w = c.write(b, off, len, out.getBuffer());
            if (w > 0) {
                out.setOffset(0);
                out.setLength(w);
                if (c.subscriber.subscribeTransport.sendRtp(out)) {
                    counters.rtpForwarded++;
                }
            }
        }
    }

    private static boolean isKeyframe(Producer producer, byte[] b, int off, int len) {
        int h = RtpHeader.headerLength(b, off, len);
        int payload = len - h - RtpHeader.paddingLength(b, off, len);
        String codec = producer.track.codec().name();
        return codec.equalsIgnoreCase("VP8") ? Keyframes.vp8(b, off + h, payload) : Keyframes.h264(b, off + h, payload);
    }

    /** A key frame tells its layer's picture size (the allocator's heights). */
    private void learnSize(Producer producer, ProducerStream stream, byte[] b, int off, int len) {
        int h = RtpHeader.headerLength(b, off, len);
        int payload = len - h - RtpHeader.paddingLength(b, off, len);
        int size = producer.track.codec().name().equalsIgnoreCase("VP8")
                ? FrameSize.vp8(b, off + h, payload)
                : frameSize.h264(b, off + h, payload);
        if (size > 0) {
            stream.width = FrameSize.width(size);
            stream.height = FrameSize.height(size);
        }
    }

    /** RFC 4588 §4: restore the original packet from an RTX one, in place. Returns the new length. */
    private static int unwrapRtx(byte[] b, int off, int len, int mediaSsrc, int mediaPt) {
        int h = RtpHeader.headerLength(b, off, len);
        int pad = RtpHeader.paddingLength(b, off, len);
        int payload = len - h - pad;
        if (payload < 2 || mediaSsrc == 0) {
            return -1;
        }
        int osn = RtpHeader.readShort(b, off + h);
        System.arraycopy(b, off + h + 2, b, off + h, payload - 2);
        b[off] &= (byte) ~0x20;
        RtpHeader.sequence(b, off, osn);
        RtpHeader.ssrc(b, off, mediaSsrc);
        RtpHeader.payloadType(b, off, mediaPt);
        return h + payload - 2;
    }

    /** An SSRC the SDP did not list (simulcast by rid): identify it by mid and rid extensions. */
    private StreamRef learnSsrc(Participant p, byte[] b, int off, int len, int ssrc) {
        var ids = p.producersByMid.isEmpty()
                ? null
                : p.producersByMid.values().iterator().next().track.extensions();
        if (ids == null) {
            return null;
        }
        String mid = extensionString(b, off, len, ids.id(HeaderExtension.MID));
        Producer producer = mid == null ? null : p.producersByMid.get(mid);
        if (producer == null) {
            return null;
        }
        String rid = extensionString(b, off, len, producer.track.extensions().id(HeaderExtension.RID));
        String repaired =
                extensionString(b, off, len, producer.track.extensions().id(HeaderExtension.REPAIRED_RID));
        int layer = rid != null ? producer.layerByRid(rid) : repaired != null ? producer.layerByRid(repaired) : 0;
        if (layer < 0 || (rid == null && repaired == null && producer.layers.length > 1)) {
            return null;
        }
        boolean rtx = repaired != null
                || RtpHeader.payloadType(b, off) == producer.track.codec().rtxPayloadType();
        ProducerStream s = producer.layers[layer];
        if (rtx) {
            s.rtxSsrc = ssrc;
        } else {
            s.ssrc = ssrc;
        }
        StreamRef ref = new StreamRef(producer, layer, rtx);
        p.streamsBySsrc.put(ssrc, ref);
        return ref;
    }

    private static String extensionString(byte[] b, int off, int len, int id) {
        long found = RtpHeader.findExtension(b, off, len, id);
        if (found < 0) {
            return null;
        }
        return new String(
                b, off + (int) (found >> 16), (int) (found & 0xffff), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
