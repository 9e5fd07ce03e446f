package org.ruralconsult.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ruralconsult.calls.store.StateStore;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.DomainEventSink;
import org.ruralconsult.domain.event.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every call: clients only ask, the engine decides. Each action reads the call's snapshot, applies a
 * pure {@link Transitions} step and writes the result with compare-and-set; a lost race is retried on the
 * new snapshot, where it usually becomes an error such as {@code already_answered}. So two nodes can
 * never both win the same ring.
 *
 * <p>Domain events are written inside the snapshot first (the call's own outbox) and handed to the
 * {@link DomainEventSink} after the write; {@link #tick()} hands over whatever a crash left behind. The
 * sink may therefore see an event twice, never zero times.
 *
 * <p>Every method may block on the store and the sink: call it off any event loop.
 */
public final class CallEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallEngine.class);
    private static final int MAX_ATTEMPTS = 50;
    static final String ACTIVE_SET = "calls:active";
    static final String PENDING_SET = "calls:pending";

    private final StateStore store;
    private final DomainEventSink sink;
    private final CallOptions options;
    private final Clock clock;
    private final StateCodec codec = new StateCodec();
    private final ClusterBus bus;
    private final Presence presence;
    private final PairingCodes pairing;
    private final CallPlanner planner;
    private final ThreadLocal<DomainEvent> lastWritten = new ThreadLocal<>();

    public CallEngine(Directory directory, StateStore store, DomainEventSink sink, CallOptions options, Clock clock) {
        this.store = store;
        this.sink = sink;
        this.options = options;
        this.clock = clock;
        this.bus = new ClusterBus(store, codec);
        this.presence = new Presence(store, bus, this::activeCalls);
        this.pairing = new PairingCodes(store, bus, clock);
        this.planner = new CallPlanner(directory, presence, options);
    }

    public Presence presence() {
        return presence;
    }

    public PairingCodes pairing() {
        return pairing;
    }

    public ClusterBus bus() {
        return bus;
    }

    /** Every call update, presence change and pairing message of every node. */
    public AutoCloseable subscribe(Consumer<BusMessage> listener) {
        return bus.subscribe(listener);
    }

    public Call placeCall(Party caller, CallTarget target) {
        Transition t = planner.place(caller, target, clock.instant());
        Call created = persist(null, t).orElseThrow(() -> new IllegalStateException("call id collision"));
        return created;
    }

    public Call accept(String callId, Party party) {
        return transition(callId, c -> Transitions.accept(c, party, clock.instant()));
    }

    public Call decline(String callId, Party party) {
        return transition(callId, c -> Transitions.decline(c, party, clock.instant()));
    }

    public Call cancel(String callId, Party party) {
        return transition(callId, c -> Transitions.cancel(c, party, clock.instant()));
    }

    /** Orders an expert consult during a live call: the expert(s) ring with the reason shown. */
    public Call invite(String callId, Party party, InviteTarget target, String reason, String urgency) {
        return transition(callId, c -> planner.invite(c, party, target, reason, urgency, clock.instant()));
    }

    public Call leave(String callId, Party party) {
        return transition(callId, c -> Transitions.leave(c, party, "left", clock.instant()));
    }

    public Call rejoin(String callId, Party party) {
        return transition(callId, c -> Transitions.rejoin(c, party, clock.instant()));
    }

    /** The party's connection dropped: they stay in the call for the grace period. */
    public Call connectionLost(String callId, Party party) {
        return transition(
                callId,
                c -> Transitions.connectionLost(c, party, clock.instant().plus(options.gracePeriod())));
    }

    public Call end(String callId, Party party, String reason) {
        return transition(callId, c -> Transitions.hangUp(c, party, reason, clock.instant()));
    }

    public Call recordVitals(String callId, Party party, Vitals vitals) {
        return transition(callId, c -> Transitions.recordVitals(c, party, vitals));
    }

    public Call recordNote(String callId, Party party, String reason, String note) {
        return transition(callId, c -> Transitions.recordNote(c, party, reason, note));
    }

    /**
     * A short text from a clinician (or care-home staff) in the live call to the patient's screen. The
     * returned event is the stored {@code ConsultMessageSent}, with the cleaned text, for the push.
     */
    public ConsultMessageSent sendMessage(String callId, Party party, String text) {
        Call after = transition(callId, c -> Transitions.sendMessage(c, party, text));
        return lastEvent(after, ConsultMessageSent.class)
                .orElseThrow(() -> new IllegalStateException("no message event in " + callId));
    }

    /**
     * A message's text as it will be stored and shown: control, bidi and other format characters
     * stripped, trimmed. Callers check it is 1 to {@link #MAX_MESSAGE_LENGTH} code points before sending.
     */
    public static String cleanMessageText(String text) {
        return Transitions.cleanMessage(text);
    }

    public static final int MAX_MESSAGE_LENGTH = Transitions.MAX_MESSAGE_LENGTH;

    /** The patient's stars (1 to 5) from a TV that took part; also after the call ended. */
    public Call rate(String callId, Party party, int stars) {
        return transition(callId, c -> Transitions.rate(c, party, stars));
    }

    public Optional<Call> call(String callId) {
        return store.getVersioned(key(callId)).map(v -> codec.read(v.value(), Call.class));
    }

    /** Calls that ring or are live, on every node. */
    public List<Call> activeCalls() {
        List<Call> calls = new ArrayList<>();
        for (String id : store.members(ACTIVE_SET)) {
            call(id).filter(c -> c.state() != CallState.ENDED).ifPresent(calls::add);
        }
        return calls;
    }

    /** Active calls in which the party is a member (ringing, present or gone). */
    public List<Call> callsOf(String partyId) {
        return activeCalls().stream().filter(c -> c.isMember(partyId)).toList();
    }

    /**
     * Applies ring timeouts and grace expiries that are due, and hands over undelivered events. Every node
     * calls it about once a second; compare-and-set makes concurrent ticks harmless.
     */
    public void tick() {
        Instant now = clock.instant();
        for (Call call : activeCalls()) {
            if (Transitions.hasExpired(call, now)) {
                try {
                    transition(call.id(), c -> Transitions.expire(c, now));
                } catch (CallException e) {
                    LOG.debug("expiry of {} skipped: {}", call.id(), e.getMessage());
                }
            }
        }
        for (String id : store.members(PENDING_SET)) {
            call(id).ifPresentOrElse(this::deliver, () -> store.removeFromSet(PENDING_SET, id));
        }
    }

    /**
     * The event of this type that the write of {@code after} made (its sequence is the snapshot's event
     * count); the sink may have struck it from the snapshot already, so it is remembered at the write.
     */
    private <E extends DomainEvent> Optional<E> lastEvent(Call after, Class<E> type) {
        DomainEvent last = lastWritten.get();
        lastWritten.remove();
        if (type.isInstance(last) && last.callId().equals(after.id()) && last.sequence() == after.eventCount()) {
            return Optional.of(type.cast(last));
        }
        return Optional.empty();
    }

    private Call transition(String callId, Function<Call, Transition> step) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Call current = call(callId).orElseThrow(() -> CallException.notFound(callId));
            Transition t = step.apply(current);
            if (t.next() == current && t.events().isEmpty()) {
                return current;
            }
            Optional<Call> written = persist(current, t);
            if (written.isPresent()) {
                return written.get();
            }
        }
        throw new CallException("busy", "call " + callId + " is changing too fast, try again");
    }

    /** Writes the transition if {@code current} is still the stored snapshot; empty if it lost the race. */
    private Optional<Call> persist(Call current, Transition t) {
        Instant now = clock.instant();
        long version = current == null ? 0 : current.version();
        long seq = t.next().eventCount();
        List<DomainEvent> undelivered = new ArrayList<>(t.next().undelivered());
        for (Transition.EventDraft draft : t.events()) {
            undelivered.add(draft.make(t.next().id(), ++seq, now));
        }
        Call next = t.next().withEvents(seq, undelivered).withVersion(version + 1);
        lastWritten.set(undelivered.isEmpty() ? null : undelivered.get(undelivered.size() - 1));
        boolean ended = next.state() == CallState.ENDED;
        if (!undelivered.isEmpty()) {
            // Before the write: a crash right after it must still find the call among the pending ones.
            store.addToSet(PENDING_SET, next.id());
        }
        if (!store.compareAndSet(key(next.id()), version, codec.write(next), retention(next))) {
            return Optional.empty();
        }
        if (ended) {
            store.removeFromSet(ACTIVE_SET, next.id());
        } else if (current == null) {
            store.addToSet(ACTIVE_SET, next.id());
        }
        bus.publish(new BusMessage.CallUpdate(next.withEvents(next.eventCount(), List.of())));
        announcePresenceChanges(current, next);
        deliver(next);
        return Optional.of(next);
    }

    private Duration retention(Call call) {
        // An ended call whose events are still undelivered must not expire before they are delivered.
        return call.state() == CallState.ENDED && call.undelivered().isEmpty() ? options.endedRetention() : null;
    }

    private void announcePresenceChanges(Call before, Call after) {
        Set<String> was = present(before);
        Set<String> is = present(after);
        Set<String> changed = new HashSet<>(was);
        changed.addAll(is);
        changed.removeIf(id -> was.contains(id) == is.contains(id));
        changed.forEach(presence::announce);
    }

    private static Set<String> present(Call call) {
        if (call == null || call.state() == CallState.ENDED) {
            return Set.of();
        }
        return call.members().stream()
                .filter(m -> m.state().present())
                .map(CallMember::id)
                .collect(Collectors.toSet());
    }

    /** Hands the call's undelivered events to the sink in order, then strikes them from the snapshot. */
    private void deliver(Call call) {
        if (call.undelivered().isEmpty()) {
            store.removeFromSet(PENDING_SET, call.id());
            return;
        }
        Set<String> delivered = new HashSet<>();
        for (DomainEvent event : call.undelivered()) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event {} not accepted by the sink yet, will retry: {}", event.eventId(), e.toString());
                break;
            }
            delivered.add(event.eventId());
        }
        if (!delivered.isEmpty()) {
            strikeDelivered(call.id(), delivered);
        }
    }

    private void strikeDelivered(String callId, Collection<String> delivered) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<Call> current = call(callId);
            if (current.isEmpty()) {
                return;
            }
            Call c = current.get();
            List<DomainEvent> rest = c.undelivered().stream()
                    .filter(e -> !delivered.contains(e.eventId()))
                    .toList();
            if (rest.size() == c.undelivered().size()) {
                return;
            }
            Call next = c.withEvents(c.eventCount(), rest).withVersion(c.version() + 1);
            if (store.compareAndSet(key(callId), c.version(), codec.write(next), retention(next))) {
                if (rest.isEmpty()) {
                    store.removeFromSet(PENDING_SET, callId);
                }
                return;
            }
        }
    }

    private static String key(String callId) {
        return "call:" + callId;
    }

    @Override
    public void close() {
        // The engine holds no resources of its own; the store is closed by whoever opened it.
    }
}
