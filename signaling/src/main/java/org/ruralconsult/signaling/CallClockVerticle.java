package org.ruralconsult.signaling;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ruralconsult.calls.CallEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the engine's clock: ring timeouts, grace-period expiries and re-delivery of domain events, by
 * calling {@link CallEngine#tick()} on a worker every {@link #DEFAULT_PERIOD} (never two at once).
 */
public final class CallClockVerticle extends VerticleBase {
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(CallClockVerticle.class);

    private final CallEngine engine;
    private final Duration period;
    private final AtomicBoolean ticking = new AtomicBoolean();

    public CallClockVerticle(CallEngine engine, Duration period) {
        this.engine = engine;
        this.period = period;
    }

    @Override
    public Future<?> start() {
        vertx.setPeriodic(period.toMillis(), id -> tick());
        return Future.succeededFuture();
    }

    private void tick() {
        if (!ticking.compareAndSet(false, true)) return;
        vertx.executeBlocking(
                        () -> {
                            engine.tick();
                            return null;
                        },
                        false)
                .onComplete(ar -> {
                    ticking.set(false);
                    if (ar.failed()) LOG.warn("call clock tick failed", ar.cause());
                });
    }
}
