package org.ruralconsult.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResidenceHistogramTest {

    @Test
    void bucketEdgesAreInclusiveUpperBoundsFromOneMicrosecondToOneHundredMilliseconds() {
        long[] bounds = ResidenceHistogram.upperBoundsNanos();
        assertEquals(51, bounds.length);
        assertEquals(1_000, bounds[0]);
        assertEquals(1_250, bounds[1]);
        assertEquals(8_000, bounds[9]);
        assertEquals(10_000, bounds[10]);
        assertEquals(100_000_000, bounds[50]);

        assertEquals(0, ResidenceHistogram.bucketOf(0));
        assertEquals(0, ResidenceHistogram.bucketOf(1_000));
        assertEquals(1, ResidenceHistogram.bucketOf(1_001));
        assertEquals(1, ResidenceHistogram.bucketOf(1_250));
        assertEquals(10, ResidenceHistogram.bucketOf(9_999));
        assertEquals(50, ResidenceHistogram.bucketOf(100_000_000));
        assertEquals(51, ResidenceHistogram.bucketOf(100_000_001), "above 100 ms: the overflow bucket");

        assertArrayEquals(
                new long[] {
                    1_000,
                    2_000,
                    5_000,
                    10_000,
                    20_000,
                    50_000,
                    100_000,
                    200_000,
                    500_000,
                    1_000_000,
                    2_000_000,
                    5_000_000,
                    10_000_000,
                    20_000_000,
                    50_000_000,
                    100_000_000
                },
                ResidenceHistogram.exportedBoundsNanos());
    }

    @Test
    void percentilesInterpolateWithinTheirBucket() {
        ResidenceHistogram h = new ResidenceHistogram();
        assertEquals(0, h.percentileNanos(0.5), "empty");
        h.record(10_000, 990); // bucket (8 µs, 10 µs]
        h.record(1_000_000, 9); // bucket (800 µs, 1 ms]
        h.record(50_000_000, 1); // bucket (40 ms, 50 ms]

        assertEquals(1_000, h.count());
        assertEquals(990L * 10_000 + 9L * 1_000_000 + 50_000_000, h.sumNanos());
        assertEquals(50_000_000, h.maxNanos());
        assertEquals(8_000 + Math.round(2_000 * 500 / 990.0), h.percentileNanos(0.5));
        assertEquals(10_000, h.percentileNanos(0.99));
        assertEquals(1_000_000, h.percentileNanos(0.999));
        assertEquals(50_000_000, h.percentileNanos(1.0));
        assertEquals(990, h.countAtMost(10_000));
        assertEquals(990, h.countAtMost(500_000));
        assertEquals(999, h.countAtMost(1_000_000));
        assertEquals(1_000, h.countAtMost(100_000_000));
    }

    @Test
    void aValueAboveTheLastBoundReadsAsTheLargestSeen() {
        ResidenceHistogram h = new ResidenceHistogram();
        h.record(500, 1);
        h.record(250_000_000, 1);
        assertEquals(1, h.bucket(0));
        assertEquals(1, h.bucket(51));
        assertEquals(250_000_000, h.percentileNanos(0.99));
        assertEquals(1, h.countAtMost(100_000_000), "the overflow is only in the count");

        ResidenceHistogram total = new ResidenceHistogram();
        h.addTo(total);
        h.copy().addTo(total);
        assertEquals(4, total.count());
        assertEquals(250_000_000, total.maxNanos());
    }

    @Test
    void theClockTimesRtpWrittenWhileADatagramIsHandledUntilTheFlush() {
        ResidenceHistogram h = new ResidenceHistogram();
        long[] now = {0};
        List<ByteBuf> sent = new ArrayList<>();
        int[] flushes = {0};
        DatagramOutput target = new DatagramOutput() {
            @Override
            public void write(ByteBuf datagram, InetSocketAddress to) {
                sent.add(datagram);
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        ResidenceClock clock = new ResidenceClock(target, h, () -> now[0]);
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", 9);

        clock.receivedAt(1_000); // first batch
        clock.write(rtp(), to);
        clock.write(rtp(), to);
        clock.write(rtcp(), to); // not timed
        clock.write(stun(), to); // not timed
        clock.receivedAt(6_000); // second batch of the same read
        clock.write(rtp(), to);
        clock.receivedAt(0); // a timer or an API call: nothing received
        clock.write(rtp(), to);
        now[0] = 11_000;
        clock.flush();

        assertEquals(6, sent.size(), "everything is passed on");
        assertEquals(1, flushes[0]);
        assertEquals(3, h.count());
        assertEquals(2, h.bucket(ResidenceHistogram.bucketOf(10_000)));
        assertEquals(1, h.bucket(ResidenceHistogram.bucketOf(5_000)));
        assertEquals(2 * 10_000 + 5_000, h.sumNanos());

        now[0] = 20_000;
        clock.flush();
        assertEquals(3, h.count(), "a flush records each write once");
        sent.forEach(ByteBuf::release);
    }

    private static ByteBuf rtp() {
        ByteBuf b = Unpooled.buffer(20);
        b.writeByte(0x90).writeByte(96).writeZero(18);
        return b;
    }

    private static ByteBuf rtcp() {
        ByteBuf b = Unpooled.buffer(20);
        b.writeByte(0x81).writeByte(205).writeZero(18); // RTPFB
        return b;
    }

    private static ByteBuf stun() {
        ByteBuf b = Unpooled.buffer(20);
        b.writeByte(0x00).writeByte(0x01).writeZero(18);
        return b;
    }
}
