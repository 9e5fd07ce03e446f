package org.ruralconsult.fhir;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that becomes true asynchronously (the outbox delivers in the background). */
public final class Eventually {
    private Eventually() {}

    /** What the delivery thread and the server's request threads were doing, for a failed test's log. */
    private static void dumpDeliveryAndServerThreads() {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!thread.getName().startsWith("fhir-outbox") && !thread.getName().startsWith("qtp")) return;
            StringBuilder text = new StringBuilder("THREAD " + thread.getName() + " " + thread.getState() + "\n");
            for (StackTraceElement frame : stack)
                text.append("    at ").append(frame).append('\n');
            System.out.print(text);
        });
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(50);
        }
    }
}
