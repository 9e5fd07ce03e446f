package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;
import org.ruralconsult.fhir.outbox.ConsultOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that empties the outbox: takes the next due call, sends its bundle, and records the
 * outcome. One thread keeps each call's bundles in order without locks; calls take turns, so a call in
 * back-off or parked never blocks the others. While the {@link FhirServerBreaker} is open no call is
 * taken (and no bundle built) until its probe is due. Where several nodes share the outbox, only the
 * holder of the {@link DeliveryLease} delivers; on taking the lease (and at start) it first re-sends
 * what was delivered within the redeliver window.
 */
final class BundleDelivery implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(BundleDelivery.class);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);

    private final ConsultOutbox outbox;
    private final ConsultBundleFactory bundles;
    private final BundleSender sender;
    private final FhirContext fhir;
    private final Supplier<String> baseUrl;
    private final FhirAdapterOptions options;
    private final RetrySchedule callBackoff;
    private final FhirServerBreaker breaker;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private final DeliveryLease lease;
    private final String node;
    private final Object holding = new Object();
    private volatile boolean running = true;
    private volatile ConsultOutbox.Batch inFlight;
    private volatile boolean leading;

    BundleDelivery(
            ConsultOutbox outbox,
            ConsultBundleFactory bundles,
            BundleSender sender,
            FhirContext fhir,
            Supplier<String> baseUrl,
            FhirAdapterOptions options,
            FhirServerBreaker breaker,
            OutboxMetrics metrics,
            Clock clock,
            DeliveryLease lease) {
        this.outbox = outbox;
        this.bundles = bundles;
        this.sender = sender;
        this.fhir = fhir;
        this.baseUrl = baseUrl;
        this.options = options;
        this.callBackoff = new RetrySchedule(options.getInitialBackoff(), options.getMaxBackoff());
        this.breaker = breaker;
        this.metrics = metrics;
        this.clock = clock;
        this.lease = lease;
        this.node = options.getNodeId();
    }

    /** Whether this node delivers (holds the lease) as of its last turn. */
    boolean delivering() {
        return leading;
    }

    /** Events of the bundle being sent right now (0 when none is). */
    int inFlight() {
        ConsultOutbox.Batch batch = inFlight;
        return batch == null ? 0 : batch.pending().size();
    }

    void stop() {
        running = false;
        outbox.wakeUp();
        synchronized (holding) {
            holding.notifyAll();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                Duration hold = turn(IDLE_WAIT);
                if (!hold.isZero()) holdOff(hold);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The loop must outlive anything (a log write failing, a bug): the records wait in the outbox.
                log.error("FHIR delivery loop error; retrying", e);
                sleepQuietly(options.getInitialBackoff());
            }
        }
    }

    /**
     * One turn of the loop: unless the breaker holds deliveries, delivers the next due call (waiting up
     * to {@code maxWait} for one).
     *
     * @return how long the breaker still holds deliveries; zero when it let this turn deliver
     */
    Duration turn(Duration maxWait) throws InterruptedException {
        Instant now = clock.instant();
        if (!lease.holds()) {
            leading = false;
            return leaseRetry();
        }
        if (!leading) {
            leading = true;
            takeOver(now);
        }
        Duration hold = breaker.holdFor(now);
        if (!hold.isZero()) return hold;
        outbox.awaitNext(clock.instant(), maxWait, options.getMaxEventsPerBundle(), options.getGapWait())
                .ifPresent(this::deliver);
        return Duration.ZERO;
    }

    /** Another node delivers: look again at the pace the lease is tried, so a take-over starts at once. */
    private Duration leaseRetry() {
        Duration third = options.getDeliveryLease().dividedBy(3);
        return third.compareTo(IDLE_WAIT) < 0 ? third : IDLE_WAIT;
    }

    /**
     * This node starts delivering (at start, or after another node's lease ran out). A FHIR server may
     * have acknowledged writes it then lost (the embedded one before it was durable on commit, a hospital
     * server restored from a backup), and the previous holder may have died between a send and its
     * marker: the recent window is sent again. Our bundles are idempotent PUTs, so this only costs sends.
     */
    private void takeOver(Instant now) {
        Duration window = options.getRedeliverWindow();
        if (window.isZero()) return;
        int calls = outbox.redeliverSince(now.minus(window));
        if (calls > 0)
            log.info("node {} delivers; sending {} calls delivered in the last {} again", node, calls, window);
    }

    private void holdOff(Duration hold) throws InterruptedException {
        synchronized (holding) {
            if (running) holding.wait(Math.max(1, hold.toMillis()));
        }
    }

    private void deliver(ConsultOutbox.Batch batch) {
        String base = baseUrl.get();
        Bundle bundle;
        try {
            bundle = bundles.bundle(base, batch.callId(), batch.allEvents(), batch.pending());
        } catch (RuntimeException e) {
            // Our own mapping failed: retrying cannot help, an admin must look.
            log.error("cannot map call {} to FHIR; parking it", batch.callId(), e);
            metrics.parked.increment();
            outbox.park(batch, clock.instant(), 0, "mapping failed: " + e, null);
            return;
        }
        if (breaker.attempting()) metrics.probes.increment();
        // Just before sending: renews the lease if due, and stops us if another node has taken it.
        if (!lease.holds()) return;
        inFlight = batch;
        try {
            options.getBundleObserver().accept(bundle);
            sender.send(base, bundle);
            // Count first: whoever sees the backlog shrink must also see the counter moved.
            metrics.delivered.increment(batch.pending().size());
            outbox.markDelivered(batch, clock.instant(), node);
            breaker.serverAnswered(clock.instant());
        } catch (FhirClientConnectionException e) {
            serverFailed(batch, "unreachable: " + e.getMessage());
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            if (status == 409 && batch.attempt() <= options.getMaxConflictRetries()) {
                // Another writer created or updated the same id at the same moment (HAPI-0550/0825 on a
                // unique key): the next attempt finds the resource there and updates it.
                retry(batch, "conflict (409): " + diagnostics(e));
                breaker.serverAnswered(clock.instant());
            } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
                String outcome = encode(e.getOperationOutcome());
                String reason = diagnostics(e);
                log.warn("FHIR server rejected call {} ({}): {}; parking it", batch.callId(), status, reason);
                metrics.parked.increment();
                outbox.park(batch, clock.instant(), status, reason, outcome);
                // A rejection is about this bundle; the server itself is up.
                breaker.serverAnswered(clock.instant());
            } else {
                serverFailed(batch, "answered " + status + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            // Not the server's doing (the observer, a response we cannot read): only this call retries.
            retry(batch, e.toString());
        } finally {
            inFlight = null;
        }
    }

    private void serverFailed(ConsultOutbox.Batch batch, String why) {
        if (breaker.isOpen() || batch.attempt() == 1) {
            // The server's failure, not the call's: the breaker times the next attempt. The call takes no
            // back-off of its own, it only goes to the back of the queue, so the next probe is another
            // call and every waiting call is due at once when the server is back.
            log.debug("delivery of call {} failed (attempt {}): {}", batch.callId(), batch.attempt(), why);
            metrics.retried.increment();
            outbox.retryLater(batch, clock.instant(), Duration.ZERO);
            breaker.serverFailed(clock.instant(), why);
        } else {
            // This call failed before and the breaker is closed: the server has answered others since (or
            // the earlier failure was not the server's). So the failure looks like this bundle's own (a
            // server bug it triggers, a timeout on a big bundle): it backs off alone, holding no one.
            retry(batch, "FHIR server " + why);
        }
    }

    private void retry(ConsultOutbox.Batch batch, String why) {
        Duration delay = callBackoff.delayAfter(batch.attempt());
        log.info(
                "delivery of call {} failed (attempt {}), retrying in {} ms: {}",
                batch.callId(),
                batch.attempt(),
                delay.toMillis(),
                why);
        metrics.retried.increment();
        outbox.retryLater(batch, clock.instant(), delay);
    }

    private String encode(IBaseOperationOutcome outcome) {
        return outcome == null ? null : fhir.newJsonParser().encodeResourceToString(outcome);
    }

    private static String diagnostics(BaseServerResponseException e) {
        if (e.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            StringBuilder text = new StringBuilder();
            for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                if (text.length() > 0) text.append("; ");
                text.append(issue.getDiagnostics() != null ? issue.getDiagnostics() : issue.getCode());
            }
            return text.toString();
        }
        return e.getMessage();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
