package org.ruralconsult.loadgen;

import java.util.List;

/**
 * One relay under test: brings it up, sets up N three-way calls of synthetic participants through its own
 * control path, and says which processes do the relaying (for their CPU time and memory).
 */
interface SystemDriver extends AutoCloseable {
    String name();

    void start() throws Exception;

    /**
     * Sets up {@code calls} three-way calls where every participant publishes audio and video and
     * receives the other two; returns each call's setup time in milliseconds. Publishers are handed to
     * the pacer, receiving connections watched by it.
     */
    List<Double> setUp(int calls, Stats stats, IoLoop io, Pacer pacer) throws Exception;

    /** Ends the calls of the step (closes connections, frees server state). */
    void tearDown() throws Exception;

    /** The relay's processes now. */
    List<Long> pids();

    /** False when the latency threshold must not end the ramp (see {@link ReflectorDriver}). */
    default boolean latencyMeaningful() {
        return true;
    }

    /** Extra figures to print with the step (e.g. the reflector's own JSON), or null. */
    default String extra() {
        return null;
    }

    /** Where the relay serves its Prometheus /metrics (our server: its residence histogram), or null. */
    default String metricsBaseUrl() {
        return null;
    }

    /** Name prefix of the relay's packet threads (their CPU is reported apart), or null. */
    default String workerThreadPrefix() {
        return null;
    }

    @Override
    void close() throws Exception;
}
