package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
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
    private final FhirContext fhir;
    private final Supplier<String> baseUrl;
    private final FhirAdapterOptions options;
    private final OutboxMetrics metrics;
    private final Clock clock;
    private volatile boolean running = true;
    private IGenericClient client;
    private String clientBase;

    BundleDelivery(
            ConsultOutbox outbox,
            ConsultBundleFactory bundles,
            FhirContext fhir,
            Supplier<String> baseUrl,
            FhirAdapterOptions options,
            OutboxMetrics metrics,
            Clock clock) {
        this.outbox = outbox;
        this.bundles = bundles;
        this.fhir = fhir;
        this.baseUrl = baseUrl;
        this.options = options;
        this.metrics = metrics;
        this.clock = clock;
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory()
                .setConnectTimeout((int) options.getConnectTimeout().toMillis());
        fhir.getRestfulClientFactory()
                .setSocketTimeout((int) options.getSocketTimeout().toMillis());
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
            client(base).transaction().withBundle(bundle).execute();
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
        Duration delay = backoff(batch.attempt());
        log.info(
                "delivery of call {} failed (attempt {}), retrying in {} ms: {}",
                batch.callId(),
                batch.attempt(),
                delay.toMillis(),
                why);
        metrics.retried.increment();
        outbox.retryLater(batch, clock.instant(), delay);
    }

    /** Exponential: initial × 2^(attempt-1), capped, with ±20% jitter so calls do not retry in step. */
    Duration backoff(int attempt) {
        long initial = options.getInitialBackoff().toMillis();
        long max = options.getMaxBackoff().toMillis();
        long exponential = attempt >= 31 ? max : Math.min(max, initial << Math.max(0, attempt - 1));
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(exponential * jitter)));
    }

    private IGenericClient client(String base) {
        if (client == null || !base.equals(clientBase)) {
            client = fhir.newRestfulGenericClient(base);
            if (options.getAuthorizationHeader() != null) {
                client.registerInterceptor(
                        new SimpleRequestHeaderInterceptor("Authorization", options.getAuthorizationHeader()));
            }
            clientBase = base;
        }
        return client;
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
