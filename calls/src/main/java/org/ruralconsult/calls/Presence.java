package org.ruralconsult.calls;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ruralconsult.calls.store.StateStore;

/**
 * Who is online, busy or offline, and which doctors and experts are on duty. A party is online while it
 * has at least one connection on any node, and busy while it is present in a live or ringing call.
 *
 * <p>Connections are counted per party in a shared set, so a party connected to two nodes stays online
 * until both connections close.
 */
public final class Presence {
    /** What others see of one party. */
    public record Entry(String partyId, PresenceState state, boolean onDuty) {}

    private final StateStore store;
    private final ClusterBus bus;
    private final Supplier<Collection<Call>> activeCalls;

    Presence(StateStore store, ClusterBus bus, Supplier<Collection<Call>> activeCalls) {
        this.store = store;
        this.bus = bus;
        this.activeCalls = activeCalls;
    }

    public void connect(String partyId, String connectionId) {
        if (store.addToSet(connectionsKey(partyId), connectionId)) {
            announce(partyId);
        }
    }

    public void disconnect(String partyId, String connectionId) {
        if (store.removeFromSet(connectionsKey(partyId), connectionId)) {
            announce(partyId);
        }
    }

    public void setOnDuty(String partyId, boolean onDuty) {
        if (onDuty) {
            store.put(onDutyKey(partyId), "1", null);
        } else {
            store.delete(onDutyKey(partyId));
        }
        announce(partyId);
    }

    public boolean isOnline(String partyId) {
        return !store.members(connectionsKey(partyId)).isEmpty();
    }

    public boolean isOnDuty(String partyId) {
        return store.get(onDutyKey(partyId)).isPresent();
    }

    public Entry of(String partyId) {
        return of(partyId, busyParties());
    }

    /** Presence of many parties with one look at the live calls. */
    public Map<String, Entry> of(Collection<String> partyIds) {
        Set<String> busy = busyParties();
        Map<String, Entry> result = new LinkedHashMap<>();
        for (String id : partyIds) {
            result.put(id, of(id, busy));
        }
        return result;
    }

    private Entry of(String partyId, Set<String> busy) {
        PresenceState state = !isOnline(partyId)
                ? PresenceState.OFFLINE
                : busy.contains(partyId) ? PresenceState.BUSY : PresenceState.ONLINE;
        return new Entry(partyId, state, isOnDuty(partyId));
    }

    private Set<String> busyParties() {
        Set<String> busy = new HashSet<>();
        for (Call call : activeCalls.get()) {
            call.members().stream().filter(m -> m.state().present()).forEach(m -> busy.add(m.id()));
        }
        return busy;
    }

    /** Publishes the party's current presence to every node. */
    void announce(String partyId) {
        Entry e = of(partyId);
        bus.publish(new BusMessage.PresenceUpdate(partyId, e.state(), e.onDuty()));
    }

    private static String connectionsKey(String partyId) {
        return "conn:" + partyId;
    }

    private static String onDutyKey(String partyId) {
        return "onduty:" + partyId;
    }
}
