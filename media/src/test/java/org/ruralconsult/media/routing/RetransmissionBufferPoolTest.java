package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.SdpFixtures;
import org.ruralconsult.media.transport.Worker;

/** Retransmission buffers pass from ended video streams to new ones, empty, on the same worker. */
@ExtendWith(NoLeaks.class)
class RetransmissionBufferPoolTest {

    @Test
    void aBufferComesBackEmptyAndIsHandedOutAgain() {
        RetransmissionBufferPool pool = new RetransmissionBufferPool();
        RetransmissionBuffer b = pool.take();
        byte[] packet = new byte[1200];
        b.store(packet, 0, packet.length, 7, 1_000L);
        assertEquals(7 & (RetransmissionBuffer.SLOTS - 1), b.find(7, 2_000L));

        pool.give(b);
        RetransmissionBuffer again = pool.take();
        assertSame(b, again, "reused, not allocated anew");
        assertEquals(-1, again.find(7, 2_000L), "a later stream never sees a packet of an earlier one");
        assertNotSame(again, pool.take(), "none idle: a new one");
    }

    @Test
    void keepsAtMostMaxIdle() {
        RetransmissionBufferPool pool = new RetransmissionBufferPool();
        List<RetransmissionBuffer> used = new ArrayList<>();
        for (int i = 0; i < RetransmissionBufferPool.MAX_IDLE + 10; i++) {
            used.add(pool.take());
        }
        used.forEach(pool::give);
        assertEquals(RetransmissionBufferPool.MAX_IDLE, pool.idleCount());
    }

    @Test
    void aCallsVideoBufferGoesToTheNextCallOnItsWorker() throws Exception {
        try (MediaRelay relay =
                MediaRelay.start(MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0))) {
            Worker worker = relay.createRouter("unused").worker();
            RetransmissionBufferPool pool = new RetransmissionBufferPool();
            Router.RouterConfig config = new Router.RouterConfig(List.of("VP8"), 0);
            for (String call : List.of("first", "second")) {
                Router router = new Router(call, worker, config, pool, () -> {});
                router.join("alice", id -> {}).get(5, TimeUnit.SECONDS);
                router.publish(
                                "alice",
                                SdpFixtures.publishOffer("aliceUfrag", "alicePasswordAlicePassword", 11, 22, 33))
                        .get(5, TimeUnit.SECONDS);
                assertEquals(0, idle(worker, pool), call + ": the video stream holds the one buffer");
                router.close().get(5, TimeUnit.SECONDS);
                assertEquals(1, idle(worker, pool), call + ": back in the pool when the call ends");
            }
        }
    }

    private static int idle(Worker worker, RetransmissionBufferPool pool) throws Exception {
        return worker.submit(pool::idleCount).get(5, TimeUnit.SECONDS);
    }
}
