package org.ruralconsult.benchjmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ruralconsult.media.transport.DemuxAccess;

/**
 * Media's first step for every datagram on a worker's port: {@code PacketDemux.classify} on the
 * first byte (RFC 7983 §7). One operation = one datagram, taken from a ring of first bytes mixed as
 * on a media port (mostly SRTP, some SRTCP, a little STUN and DTLS), so the branch predictor
 * cannot learn one answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 §7</a>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PacketDemuxBench {
    private static final int RING = 1024;

    private final byte[] firstBytes = new byte[RING];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < RING; i++) {
            int k = rnd.nextInt(100);
            // 0x90: RTP with extensions; 0x80/0x81: RTCP (RR, SR with one block); 0x00/0x01: STUN; 22/23: DTLS
            firstBytes[i] = (byte)
                    (k < 1 ? 0x00 : k < 2 ? 0x01 : k < 3 ? 22 : k < 4 ? 23 : k < 92 ? 0x90 : k < 96 ? 0x80 : 0x81);
        }
    }

    @Benchmark
    public int demux() {
        int i = next++ & (RING - 1);
        return DemuxAccess.classify(firstBytes[i]);
    }
}
