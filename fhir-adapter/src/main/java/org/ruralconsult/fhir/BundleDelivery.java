package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.Duration;
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
 * back-off or parked never blocks the others.
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
    private final OutboxMetrics metrics;
    private final Clock clock;
    private volatile boolean running = true;

    BundleDelivery(
            ConsultOutbox outbox,
            ConsultBundleFactory bundles,
            BundleSender sender,
            FhirContext fhir,
            Supplier<String> baseUrl,
            FhirAdapterOptions options,
            OutboxMetrics metrics,
            Clock clock) {
        this.outbox = outbox;
        this.bundles = bundles;
        this.sender = sender;
        this.fhir = fhir;
        this.baseUrl = baseUrl;
        this.options = options;
        this.callBackoff = new RetrySchedule(options.getInitialBackoff(), options.getMaxBackoff());
        this.metrics = metrics;
        this.clock = clock;
    }

    void stop() {
        running = false;
        outbox.wakeUp();
    }

    @Override
    public void run() {
        while (running) {
            try {
                outbox.awaitNext(clock.instant(), IDLE_WAIT, options.getMaxEventsPerBundle())
                        .ifPresent(this::deliver);
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
        try {
            options.getBundleObserver().accept(bundle);
            sender.send(base, bundle);
            // Count first: whoever sees the backlog shrink must also see the counter moved.
            metrics.delivered.increment(batch.pending().size());
            outbox.markDelivered(batch, clock.instant());
        } catch (FhirClientConnectionException e) {
            retry(batch, "FHIR server unreachable: " + e.getMessage());
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                String outcome = encode(e.getOperationOutcome());
                String reason = diagnostics(e);
                log.warn("FHIR server rejected call {} ({}): {}; parking it", batch.callId(), status, reason);
                metrics.parked.increment();
                outbox.park(batch, clock.instant(), status, reason, outcome);
            } else {
                retry(batch, "FHIR server answered " + status + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            retry(batch, e.toString());
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
