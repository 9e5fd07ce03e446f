package org.ruralconsult.fhir.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ruralconsult.domain.event.DomainEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the adapter still owes the FHIR server, call by call, kept in an {@link OutboxLog} and rebuilt
 * from it on start.
 *
 * <p>Every stored event of a call is kept (not only the undelivered ones) because each bundle carries
 * the whole current Encounter, projected from all of them. Calls are independent: a parked or backing-off
 * call never holds up another.
 *
 * <p>Several nodes may write one log (a Redis stream): each node's outbox then also takes the records the
 * others append ({@link #follow}). Applying a record twice changes nothing (events by id, markers by
 * value), so a node's own records may arrive both directly and through the stream. A call's events are
 * delivered in sequence order without gaps: an event that another node has not appended yet holds the
 * later ones back (for at most {@code gapWait}), so no bundle is projected from a partial history.
 */
public final class ConsultOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsultOutbox.class);
    private final OutboxLog log;
    private final Map<String, CallEntry> calls = new HashMap<>();
    private final Set<String> eventIds = new HashSet<>();
    private final Map<String, Instant> lastDeliveredByNode = new LinkedHashMap<>();
    private AutoCloseable following = () -> {};

    /** The work for one delivery attempt: all stored events of the call, and which of them are new. */
    public record Batch(String callId, List<DomainEvent> allEvents, List<DomainEvent> pending, int attempt) {}

    private static final class CallEntry {
        final TreeMap<Long, DomainEvent> events = new TreeMap<>();
        final TreeSet<Long> undelivered = new TreeSet<>();
        /** When each delivered sequence was last committed, for re-delivery of a recent window. */
        final Map<Long, Instant> deliveredAt = new HashMap<>();
        /** Parked and Released records already applied: the stream may bring a node's own one back. */
        final Set<OutboxRecord> marks = new HashSet<>();

        ParkedCall parked;
        boolean gapReported;
        int failures;
        Instant notBefore = Instant.EPOCH;
    }

    public ConsultOutbox(OutboxLog log) {
        this.log = log;
        log.replay(this::apply);
    }

    /** Takes, from now on, what every writer of the log appends (other nodes included). */
    public synchronized void follow() {
        following = log.follow(record -> {
            synchronized (this) {
                apply(record);
                notifyAll();
            }
        });
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

    public synchronized void markDelivered(Batch batch, Instant now, String node) {
        OutboxRecord record = new OutboxRecord.Delivered(batch.callId(), sequences(batch), now, node);
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

    /**
     * Marks the events of every call delivered at or after {@code since} as undelivered again (in memory
     * only: the next delivery writes a new marker), so that they are sent once more.
     *
     * @return how many calls will be sent again
     */
    public synchronized int redeliverSince(Instant since) {
        int count = 0;
        for (CallEntry call : calls.values()) {
            boolean again = false;
            for (Map.Entry<Long, Instant> delivered : call.deliveredAt.entrySet()) {
                if (!delivered.getValue().isBefore(since) && call.undelivered.add(delivered.getKey())) again = true;
            }
            if (again) count++;
        }
        if (count > 0) notifyAll();
        return count;
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
            for (Long sequence : delivered.sequences())
                call.deliveredAt.merge(sequence, delivered.at(), ConsultOutbox::later);
            call.failures = 0;
            call.notBefore = Instant.EPOCH;
            if (delivered.node() != null)
                lastDeliveredByNode.merge(delivered.node(), delivered.at(), ConsultOutbox::later);
        } else if (!call.marks.add(record)) {
            return; // a Parked or Released record seen before (our own, back through the stream)
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

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The call to deliver next: the one with deliverable events (undelivered, no gap before them unless
     * it is older than {@code gapWait}), not parked, whose back-off has passed, longest waiting first.
     * Waits up to {@code maxWait} for one.
     */
    public synchronized Optional<Batch> awaitNext(Instant now, Duration maxWait, int maxEvents, Duration gapWait)
            throws InterruptedException {
        Optional<Batch> next = next(now, maxEvents, gapWait);
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

    private Optional<Batch> next(Instant now, int maxEvents, Duration gapWait) {
        String best = null;
        CallEntry bestCall = null;
        long bestLimit = 0;
        for (Map.Entry<String, CallEntry> e : calls.entrySet()) {
            CallEntry call = e.getValue();
            if (call.parked != null || call.undelivered.isEmpty() || call.notBefore.isAfter(now)) continue;
            long limit = deliverableUpTo(e.getKey(), call, now, gapWait);
            if (call.undelivered.first() > limit) continue;
            if (bestCall == null || call.notBefore.isBefore(bestCall.notBefore)) {
                best = e.getKey();
                bestCall = call;
                bestLimit = limit;
            }
        }
        if (bestCall == null) return Optional.empty();
        List<DomainEvent> pending = new ArrayList<>();
        for (Long sequence : bestCall.undelivered.headSet(bestLimit, true)) {
            if (pending.size() == maxEvents) break;
            pending.add(bestCall.events.get(sequence));
        }
        // The projection sees every event up to the last one in this batch, not later ones.
        long last = pending.get(pending.size() - 1).sequence();
        List<DomainEvent> all = List.copyOf(bestCall.events.headMap(last, true).values());
        return Optional.of(new Batch(best, all, List.copyOf(pending), bestCall.failures + 1));
    }

    /**
     * The highest sequence of the call that may be delivered now: the end of the run 1, 2, 3... without a
     * gap, or everything stored once the first event after the gap is older than {@code gapWait} (an event
     * that never arrives must not hold the record back for ever).
     */
    private static long deliverableUpTo(String callId, CallEntry call, Instant now, Duration gapWait) {
        long last = call.events.lastKey();
        if (call.events.firstKey() == 1 && last == call.events.size()) return last;
        long expected = 1;
        for (Map.Entry<Long, DomainEvent> e : call.events.entrySet()) {
            if (e.getKey() != expected) {
                if (e.getValue().at().plus(gapWait).isAfter(now)) return expected - 1;
                if (!call.gapReported) {
                    call.gapReported = true;
                    LOG.warn("call {}: event {} never arrived; delivering the later ones without it", callId, expected);
                }
                return last;
            }
            expected++;
        }
        return last;
    }

    /** The latest delivery each node made, by node name. */
    public synchronized Map<String, Instant> lastDeliveredByNode() {
        return Map.copyOf(lastDeliveredByNode);
    }

    /** Every stored event of the call, in sequence order (empty for an unknown call). */
    public synchronized List<DomainEvent> events(String callId) {
        CallEntry call = calls.get(callId);
        return call == null ? List.of() : List.copyOf(call.events.values());
    }

    /** Whether the call has events not yet committed by the FHIR server (parked ones included). */
    public synchronized boolean hasUndelivered(String callId) {
        CallEntry call = calls.get(callId);
        return call != null && !call.undelivered.isEmpty();
    }

    /** The ids of calls that have at least one stored event. */
    public synchronized List<String> callIds() {
        return calls.entrySet().stream()
                .filter(e -> !e.getValue().events.isEmpty())
                .map(Map.Entry::getKey)
                .toList();
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
        try {
            following.close();
        } catch (Exception e) {
            LOG.warn("stopping the outbox follower", e);
        }
        log.close();
    }
}
