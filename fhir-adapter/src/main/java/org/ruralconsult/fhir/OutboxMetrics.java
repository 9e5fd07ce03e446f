package org.ruralconsult.fhir;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.ruralconsult.fhir.outbox.ConsultOutbox;

/** The outbox as Micrometer meters, for the server's /metrics. */
final class OutboxMetrics {
    final Counter delivered;
    final Counter retried;
    final Counter parked;
    final Counter probes;

    OutboxMetrics(MeterRegistry registry, ConsultOutbox outbox, FhirServerBreaker breaker) {
        delivered = Counter.builder("fhir.outbox.delivered")
                .description("events the FHIR server committed")
                .baseUnit("events")
                .register(registry);
        retried = Counter.builder("fhir.outbox.retried")
                .description("delivery attempts that failed and will be retried (server down, 5xx, 408, 429)")
                .register(registry);
        parked = Counter.builder("fhir.outbox.parked")
                .description("bundles the FHIR server rejected for good")
                .register(registry);
        Gauge.builder("fhir.outbox.backlog", outbox, ConsultOutbox::backlog)
                .description("events stored and not yet delivered, parked ones included")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("fhir.outbox.parked.calls", outbox, ConsultOutbox::parkedCount)
                .description("calls waiting for an admin after a rejected bundle")
                .register(registry);
        Gauge.builder("fhir.outbox.breaker.open", breaker, b -> b.isOpen() ? 1 : 0)
                .description("1 while the FHIR server is considered down and deliveries are held, else 0")
                .register(registry);
        probes = Counter.builder("fhir.outbox.breaker.probes")
                .description("single deliveries sent to find out whether the FHIR server is back")
                .register(registry);
    }
}
