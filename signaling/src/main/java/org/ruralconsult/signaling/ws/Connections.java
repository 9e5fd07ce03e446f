package org.ruralconsult.signaling.ws;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The WebSocket connections of this node, by connection id and by authenticated party id. */
public final class Connections {
    private final Map<String, Connection> byId = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> byParty = new ConcurrentHashMap<>();

    void add(Connection connection) {
        byId.put(connection.id(), connection);
    }

    void authenticated(Connection connection) {
        byParty.computeIfAbsent(connection.party().id(), k -> ConcurrentHashMap.newKeySet())
                .add(connection);
    }

    void remove(Connection connection) {
        byId.remove(connection.id());
        if (connection.party() != null) {
            byParty.computeIfPresent(connection.party().id(), (k, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The open connections of a party on this node. */
    public Collection<Connection> ofParty(String partyId) {
        Set<Connection> set = byParty.get(partyId);
        return set == null ? List.of() : List.copyOf(set);
    }

    public boolean isConnectedHere(String partyId) {
        return !ofParty(partyId).isEmpty();
    }

    public Collection<Connection> all() {
        return List.copyOf(byId.values());
    }

    public void sendTo(String partyId, JsonObject message) {
        ofParty(partyId).forEach(c -> c.send(message));
    }

    public int size() {
        return byId.size();
    }
}
