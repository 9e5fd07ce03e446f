package org.ruralconsult.domain.event;

import java.time.Instant;

/**
 * Vitals entered during a call. Any value may be null when it was not measured.
 *
 * @param glucoseMmolPerL blood glucose in mmol/L, as Chinese clinics report it
 */
public record VitalsRecorded(
        String callId,
        long sequence,
        Instant at,
        Party recordedBy,
        String patientId,
        Integer systolicMmHg,
        Integer diastolicMmHg,
        Integer heartRatePerMin,
        Double glucoseMmolPerL)
        implements DomainEvent {}
