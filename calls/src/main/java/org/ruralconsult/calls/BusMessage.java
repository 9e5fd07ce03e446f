package org.ruralconsult.calls;

/**
 * What every signaling node tells every other over the store's bus (Redis pub/sub, or in memory). Each
 * node delivers a message to the users connected to it; the message says nothing of connections.
 */
public sealed interface BusMessage {
    /** A call changed; the snapshot is complete so a node needs no read to push it. */
    record CallUpdate(Call call) implements BusMessage {}

    record PresenceUpdate(String partyId, PresenceState state, boolean onDuty) implements BusMessage {}

    /** A pairing code was bound: the node holding the TV's pairing session hands it a device token. */
    record PairingBound(String pairingSessionId, String patientId, String deviceId) implements BusMessage {}

    /** An admin revoked a TV's device token: nodes close its connections. */
    record DeviceRevoked(String deviceId) implements BusMessage {}

    /** A message of a higher layer that the calls module does not interpret (e.g. media node events). */
    record Custom(String topic, String payload) implements BusMessage {}
}
