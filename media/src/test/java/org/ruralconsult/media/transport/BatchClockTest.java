package org.ruralconsult.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The clock stamps the moment Netty reports a read's bytes, and leaves the read loop's sizes alone. */
class BatchClockTest {

    @Test
    void aReadStampsTheClockAndTheSizesAreTheFixedAllocatorsOwn() {
        long[] now = {1_000};
        BatchClock clock = new BatchClock(1500 * 16, () -> now[0]);
        RecvByteBufAllocator.Handle handle = clock.newHandle();
        EmbeddedChannel channel = new EmbeddedChannel();
        handle.reset(channel.config()); // as the channel does before each read event
        assertTrue(handle instanceof RecvByteBufAllocator.ExtendedHandle, "Netty's epoll channel requires it");
        assertEquals(0, clock.lastBatchNanos());
        assertEquals(1500 * 16, handle.guess());

        now[0] = 5_000;
        handle.lastBytesRead(1500 * 3); // what Netty calls right after recvmmsg returns
        assertEquals(5_000, clock.lastBatchNanos());
        assertEquals(1500 * 3, handle.lastBytesRead());

        handle.incMessagesRead(3);
        assertFalse(handle.continueReading(), "one batch per read event, as with the plain fixed allocator");
        channel.finishAndReleaseAll();
    }
}
