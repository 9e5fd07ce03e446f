package org.ruralconsult.fhir.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ruralconsult.domain.event.DomainEvent;

/**
 * What the adapter still owes the FHIR server, call by call, kept in an {@link OutboxLog} and rebuilt
 * from it on start.
 *
 * <p>Every stored event of a call is kept (not only the undelivered ones) because each bundle carries
 * the whole current Encounter, projected from all of them. Calls are independent: a parked or backing-off
 * call never holds up another.
 */
public final class ConsultOutbox implements AutoCloseable {
    private final OutboxLog log;
    private final Map<String, CallEntry> calls = new HashMap<>();
    private final Set<String> eventIds = new HashSet<>();

    /** The work for one delivery attempt: all stored events of the call, and which of them are new. */
    public record Batch(String callId, List<DomainEvent> allEvents, List<DomainEvent> pending, int attempt) {}

    private static final class CallEntry {
        final TreeMap<Long, DomainEvent> events = new TreeMap<>();
        final TreeSet<Long> undelivered = new TreeSet<>();
        ParkedCall parked;
        int failures;
        Instant notBefore = Instant.EPOCH;
    }

    public ConsultOutbox(OutboxLog log) {
        this.log = log;
        log.replay(this::apply);
    }

    /**
     * Stores an event durably unless it is already stored.
     *
     * @return false for a duplicate (same {@link DomainEvent#eventId()}), which is dropped
     */
    public synchronized boolean store(DomainEvent event) {
        if (eventIds.contains(event.eventId())) return false;
        OutboxRecord record = new OutboxRecord.EventStored(event);
        log.append(record, true);
        apply(record);
        notifyAll();
        return true;
    }

    public synchronized void markDelivered(Batch batch, Instant now) {
        OutboxRecord record = new OutboxRecord.Delivered(batch.callId(), sequences(batch), now);
        log.append(record, false);
        apply(record);
    }

    public synchronized void park(Batch batch, Instant now, int httpStatus, String reason, String operationOutcome) {
        OutboxRecord record =
                new OutboxRecord.Parked(batch.callId(), sequences(batch), now, httpStatus, reason, operationOutcome);
        log.append(record, true);
        apply(record);
    }

    /** Lets a parked call be tried again. */
    public synchronized boolean release(String callId, Instant now) {
        CallEntry call = calls.get(callId);
        if (call == null || call.parked == null) return false;
        OutboxRecord record = new OutboxRecord.Released(callId, now);
        log.append(record, true);
        apply(record);
        notifyAll();
        return true;
    }

    /** Records a failed attempt that may succeed later; the call waits {@code delay} before the next. */
    public synchronized void retryLater(Batch batch, Instant now, Duration delay) {
        CallEntry call = calls.get(batch.callId());
        call.failures++;
        call.notBefore = now.plus(delay);
    }

    private static List<Long> sequences(Batch batch) {
        return batch.pending().stream().map(DomainEvent::sequence).toList();
    }

    private void apply(OutboxRecord record) {
        CallEntry call = calls.computeIfAbsent(record.callId(), id -> new CallEntry());
        if (record instanceof OutboxRecord.EventStored stored) {
            if (eventIds.add(stored.event().eventId())) {
                call.events.put(stored.event().sequence(), stored.event());
                call.undelivered.add(stored.event().sequence());
            }
        } else if (record instanceof OutboxRecord.Delivered delivered) {
            call.undelivered.removeAll(delivered.sequences());
            call.failures = 0;
            call.notBefore = Instant.EPOCH;
        } else if (record instanceof OutboxRecord.Parked parked) {
            call.parked = new ParkedCall(
                    parked.callId(),
                    parked.sequences().stream()
                            .map(s -> parked.callId() + "/" + s)
                            .toList(),
                    parked.at(),
                    parked.httpStatus(),
                    parked.reason(),
                    parked.operationOutcome());
        } else if (record instanceof OutboxRecord.Released) {
            call.parked = null;
            call.failures = 0;
            call.notBefore = Instant.EPOCH;
        }
    }

    /**
     * The call to deliver next: the one with undelivered events, not parked, whose back-off has passed,
     * longest waiting first. Waits up to {@code maxWait} for one.
     */
    public synchronized Optional<Batch> awaitNext(Instant now, Duration maxWait, int maxEvents)
            throws InterruptedException {
        Optional<Batch> next = next(now, maxEvents);
        if (next.isPresent() || maxWait.isZero()) return next;
        Instant soonest = calls.values().stream()
                .filter(c -> c.parked == null && !c.undelivered.isEmpty())
                .map(c -> c.notBefore)
                .min(Comparator.naturalOrder())
                .orElse(now.plus(maxWait));
        long waitMs = Math.max(
                1, Math.min(maxWait.toMillis(), Duration.between(now, soonest).toMillis()));
        wait(waitMs);
        return Optional.empty();
    }

    private Optional<Batch> next(Instant now, int maxEvents) {
        String best = null;
        CallEntry bestCall = null;
        for (Map.Entry<String, CallEntry> e : calls.entrySet()) {
            CallEntry call = e.getValue();
            if (call.parked != null || call.undelivered.isEmpty() || call.notBefore.isAfter(now)) continue;
            if (bestCall == null || call.notBefore.isBefore(bestCall.notBefore)) {
                best = e.getKey();
                bestCall = call;
            }
        }
        if (bestCall == null) return Optional.empty();
        List<DomainEvent> pending = new ArrayList<>();
        for (Long sequence : bestCall.undelivered) {
            if (pending.size() == maxEvents) break;
            pending.add(bestCall.events.get(sequence));
        }
        // The projection sees every event up to the last one in this batch, not later ones.
        long last = pending.get(pending.size() - 1).sequence();
        List<DomainEvent> all = List.copyOf(bestCall.events.headMap(last, true).values());
        return Optional.of(new Batch(best, all, List.copyOf(pending), bestCall.failures + 1));
    }

    public synchronized List<ParkedCall> parked() {
        return calls.values().stream()
                .filter(c -> c.parked != null)
                .map(c -> c.parked)
                .sorted(Comparator.comparing(ParkedCall::parkedAt))
                .toList();
    }

    /** Events stored and not yet delivered, parked ones included. */
    public synchronized long backlog() {
        return calls.values().stream().mapToLong(c -> c.undelivered.size()).sum();
    }

    public synchronized int parkedCount() {
        return (int) calls.values().stream().filter(c -> c.parked != null).count();
    }

    /** Wakes a thread blocked in {@link #awaitNext} (on close). */
    public synchronized void wakeUp() {
        notifyAll();
    }

    @Override
    public void close() {
        log.close();
    }
}
