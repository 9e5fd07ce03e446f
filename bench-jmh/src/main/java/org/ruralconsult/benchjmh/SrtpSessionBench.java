package org.ruralconsult.benchjmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;

/**
 * Media's {@link SrtpSession} on a {@link PacketScratch}, as a worker uses them. One operation =
 * one 1,200-byte RTP packet.
 *
 * <ul>
 *   <li>{@code srtpUnprotect}: copy a received SRTP packet into the scratch (the worker copies
 *       each datagram out of Netty's buffer the same way) and unprotect it in place, replay check
 *       on (RFC 3711 §3.3).
 *   <li>{@code srtpProtect}: copy a plain packet into the scratch, give it the next sequence
 *       number (as a Consumer does) and protect it in place (RFC 3711 §3.1).
 * </ul>
 *
 * <p>The replay window lets the relay unprotect each packet index once. The received packets are
 * therefore a ring of {@value #RING} packets protected in order by a browser-side session with the
 * mirrored keys, built once per trial; when the ring comes round, the relay's receiving session is
 * closed and a new one is made (as a new DTLS handshake would), inside the measured time. That costs one
 * SRTP key derivation per {@value #RING} packets, a small share of both the time and the bytes
 * allocated per packet. The alternatives were worse: regenerating packets in a per-iteration
 * setup would need about one iteration's worth of packets and the GC profiler counts setup
 * allocations in B/op; protecting a fresh packet in each operation would make unprotect's figure
 * a difference of two noisy ones.
 *
 * <p>{@code aes} picks jitsi-srtp's AES implementation through media's own switch (see
 * {@link MediaPackets#useAes}); JMH runs each parameter set in its own JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SrtpSessionBench {
    static final int RING = 1 << 16;
    private static final int PLAIN = 256;
    private static final int BROWSER_SSRC = 0x0badcafe;
    private static final int CONSUMER_SSRC = 0x5eed0001;
    private static final long SEED = 11;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"OpenSSL", "SunJCE"})
    public String aes;

    private byte[][] received;
    private final byte[][] plain = new byte[PLAIN][];
    private final PacketScratch scratch = new PacketScratch();
    private SrtpSession relay;
    private int next;
    private int seqOut;

    @Setup(Level.Trial)
    public void setUp() {
        MediaPackets.useAes(aes);
        try (SrtpSession browser = new SrtpSession(MediaPackets.peerKeys(profile, SEED))) {
            received = MediaPackets.protectedStream(browser, BROWSER_SSRC, MediaPackets.VIDEO_MID, RING);
        }
        for (int i = 0; i < PLAIN; i++) {
            byte[] b = new byte[PacketScratch.CAPACITY];
            int len = MediaPackets.vp8(b, CONSUMER_SSRC, i, "3");
            plain[i] = java.util.Arrays.copyOf(b, len);
        }
        relay = new SrtpSession(MediaPackets.relayKeys(profile, SEED));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        relay.close();
    }

    @Benchmark
    public int srtpUnprotect() {
        int i = next;
        if (i == RING) {
            relay.close(); // the ring starts over: a fresh replay window (see the class comment)
            relay = new SrtpSession(MediaPackets.relayKeys(profile, SEED));
            i = 0;
        }
        next = i + 1;
        byte[] d = received[i];
        System.arraycopy(d, 0, scratch.clear().array(), 0, d.length);
        scratch.setLength(d.length);
        if (!relay.unprotectRtp(scratch)) {
            throw new IllegalStateException("unprotect failed at " + i);
        }
        return scratch.getLength();
    }

    @Benchmark
    public int srtpProtect() {
        int n = seqOut++;
        byte[] d = plain[n & (PLAIN - 1)];
        System.arraycopy(d, 0, scratch.clear().array(), 0, d.length);
        RtpHeader.sequence(scratch.array(), 0, n & 0xffff);
        scratch.setLength(d.length);
        if (!relay.protectRtp(scratch)) {
            throw new IllegalStateException("protect failed");
        }
        return scratch.getLength();
    }
}
