package org.ruralconsult.media;

import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.transport.ResidenceHistogram;

/**
 * One worker's figures, read on that worker: its counters (all routers it has held, closed ones
 * included, plus its demultiplexer's drops; they only grow), the time per forwarded packet, and
 * what it holds now. Copies: the caller may keep them.
 */
public record WorkerMetrics(
        int worker, PacketCounters counters, ResidenceHistogram residence, int routers, int transports) {}
