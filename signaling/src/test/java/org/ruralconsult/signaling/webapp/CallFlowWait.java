package org.ruralconsult.signaling.webapp;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a server-side condition (events, REST) until it holds, for the browser tests of this package. */
final class CallFlowWait {
    private CallFlowWait() {}

    static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Boolean.TRUE.equals(condition.call())) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 20 s");
            Thread.sleep(100);
        }
    }
}
