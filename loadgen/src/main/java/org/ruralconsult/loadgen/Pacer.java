package org.ruralconsult.loadgen;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that sends every publisher's packets on time, receiver reports every second, transport-cc
 * feedback every 100 ms where negotiated, STUN keepalives.
 */
final class Pacer implements AutoCloseable {
    private final List<Publisher> publishers = new CopyOnWriteArrayList<>();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** Where to note how late each round started (--timeline-dir); null: nowhere. */
    volatile Timeline timeline;

    Pacer() {
        thread = new Thread(this::run, "loadgen-pacer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** Paces {@code p}'s packets and keeps its connection's consent fresh (RFC 7675). */
    void add(Publisher p) {
        p.start(System.nanoTime());
        publishers.add(p);
        conns.add(p.conn());
    }

    void watch(Conn c) {
        conns.add(c);
    }

    void clear() {
        publishers.clear();
        conns.clear();
    }

    private void run() {
        long nextReport = System.nanoTime() + 1_000_000_000L;
        long nextKeepalive = System.nanoTime() + 2_000_000_000L;
        long nextFeedback = System.nanoTime() + 100_000_000L;
        long due = Long.MAX_VALUE;
        while (running) {
            long now = System.nanoTime();
            Timeline t = timeline;
            if (t != null && now > due) {
                t.onPacerRound(now, now - due);
            }
            long next = now + 5_000_000L;
            for (Publisher p : publishers) {
                next = Math.min(next, p.tick(now));
            }
            if (now >= nextReport) {
                for (Conn c : conns) {
                    c.sendReceiverReport();
                }
                nextReport = now + 1_000_000_000L;
            }
            if (now >= nextFeedback) {
                for (Conn c : conns) {
                    c.sendTransportFeedback();
                }
                nextFeedback = now + 100_000_000L;
            }
            if (now >= nextKeepalive) {
                for (Conn c : conns) {
                    c.sendBindingRequest();
                }
                nextKeepalive = now + 2_500_000_000L;
            }
            due = next;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 5_000_000L));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
