package org.ruralconsult.fhir;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that becomes true asynchronously (the outbox delivers in the background). */
public final class Eventually {
    private Eventually() {}

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(50);
        }
    }
}
