package org.ruralconsult.benchjmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ruralconsult.media.rtp.ExtensionIds;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.rtp.RtpRewriter;
import org.ruralconsult.media.sdp.SubscribeNegotiation;
import org.ruralconsult.media.srtp.PacketScratch;

/**
 * Media's per-subscriber header rewrite, {@link RtpRewriter#rewrite}, as a Consumer calls it: a
 * decrypted 1,200-byte VP8 packet (mid, abs-send-time, transport-cc) copied into the worker's out
 * {@link PacketScratch} with the subscriber's SSRC, sequence number, timestamp and payload type,
 * the extension block rebuilt with the subscriber's ids (mid replaced, transport-cc dropped). One
 * operation = one packet for one subscriber.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7667#section-3.7">RFC 7667 §3.7</a>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RtpRewriteBench {
    private static final int RING = 256;

    private final byte[][] in = new byte[RING][];
    private final PacketScratch out = new PacketScratch();
    private final ExtensionIds publisherIds = new ExtensionIds();
    private final ExtensionIds subscriberIds = new ExtensionIds();
    private final byte[] subscriberMid = "3".getBytes(StandardCharsets.US_ASCII);
    private int next;

    @Setup
    public void setUp() {
        // what PublishNegotiation keeps from the offer (transport-cc is not negotiated) ...
        publisherIds.put(MediaPackets.ABS_SEND_TIME_ID, HeaderExtension.ABS_SEND_TIME);
        publisherIds.put(MediaPackets.MID_ID, HeaderExtension.MID);
        // ... and the ids the relay offers subscribers
        subscriberIds.put(SubscribeNegotiation.ABS_SEND_TIME_ID, HeaderExtension.ABS_SEND_TIME);
        subscriberIds.put(SubscribeNegotiation.MID_ID, HeaderExtension.MID);
        for (int i = 0; i < RING; i++) {
            byte[] b = new byte[PacketScratch.CAPACITY];
            int len = MediaPackets.vp8(b, 0x0badcafe, i, MediaPackets.VIDEO_MID);
            in[i] = java.util.Arrays.copyOf(b, len);
        }
    }

    @Benchmark
    public int rtpRewrite() {
        int n = next++;
        byte[] src = in[n & (RING - 1)];
        int len = RtpRewriter.rewrite(
                src,
                0,
                src.length,
                publisherIds,
                out.clear().array(),
                0x5eed0001,
                (n + 1000) & 0xffff,
                3000L * (n / 4) + 12345,
                96,
                subscriberIds,
                subscriberMid,
                -1);
        if (len < 0) {
            throw new IllegalStateException("rewrite refused the packet");
        }
        out.setLength(len);
        return len;
    }
}
