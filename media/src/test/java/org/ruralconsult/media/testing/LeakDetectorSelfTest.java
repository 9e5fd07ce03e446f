package org.ruralconsult.media.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check is not vacuous: a buffer dropped without release is reported and recorded. */
class LeakDetectorSelfTest {
    @Test
    void anUnreleasedBufferIsReported() throws Exception {
        int before = FailingLeakDetector.LEAKS.size();
        leak();
        long end = System.currentTimeMillis() + 10_000;
        while (FailingLeakDetector.LEAKS.size() == before && System.currentTimeMillis() < end) {
            System.gc();
            Thread.sleep(20);
            PooledByteBufAllocator.DEFAULT.directBuffer(16).release(); // reporting happens on track()
        }
        boolean reported = FailingLeakDetector.LEAKS.size() > before;
        FailingLeakDetector.LEAKS.removeIf(l -> l.contains("LeakDetectorSelfTest"));
        assertTrue(reported, "a leaked pooled buffer must be reported by the detector the tests install");
    }

    private static void leak() {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(32);
        b.writeInt(42); // recorded access, with this class in the trace
    }
}
