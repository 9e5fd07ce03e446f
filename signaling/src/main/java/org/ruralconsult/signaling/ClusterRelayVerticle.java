package org.ruralconsult.signaling;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallMember;
import org.ruralconsult.signaling.consult.CallMessages;
import org.ruralconsult.signaling.consult.CallView;
import org.ruralconsult.signaling.media.MediaMessages;
import org.ruralconsult.signaling.pairing.TvPairing;
import org.ruralconsult.signaling.presence.PresenceMessages;
import org.ruralconsult.signaling.ws.Connections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what every node publishes on the cluster bus to the users connected to this node: call
 * snapshots to the call's members (call.update), presence changes to those allowed to see them, a
 * pairing code's binding to the waiting TV, a revocation to the revoked TV's connections; and tells the
 * media relay which participants and calls are gone.
 */
public final class ClusterRelayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRelayVerticle.class);

    private final CallEngine engine;
    private final Connections connections;
    private final CallView view;
    private final PresenceMessages presence;
    private final TvPairing pairing;
    private final MediaMessages media;
    private AutoCloseable subscription;

    public ClusterRelayVerticle(
            CallEngine engine,
            Connections connections,
            CallView view,
            PresenceMessages presence,
            TvPairing pairing,
            MediaMessages media) {
        this.engine = engine;
        this.connections = connections;
        this.view = view;
        this.presence = presence;
        this.pairing = pairing;
        this.media = media;
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> subscription = engine.subscribe(this::relay));
    }

    @Override
    public Future<?> stop() throws Exception {
        if (subscription != null) subscription.close();
        return super.stop();
    }

    private void relay(BusMessage message) {
        try {
            if (message instanceof BusMessage.CallUpdate update) {
                JsonObject push = new JsonObject().put("type", "call.update").put("call", view.toJson(update.call()));
                for (CallMember member : update.call().members()) connections.sendTo(member.id(), push);
                media.callChanged(update.call());
            } else if (message instanceof BusMessage.PresenceUpdate update) {
                presence.push(update, connections.all());
            } else if (message instanceof BusMessage.PairingBound bound) {
                pairing.bound(bound, connections);
            } else if (message instanceof BusMessage.DeviceRevoked revoked) {
                pairing.revoked(revoked, connections);
            } else if (message instanceof BusMessage.Custom custom
                    && CallMessages.MESSAGE_TOPIC.equals(custom.topic())) {
                CallMessages.relayMessage(custom.payload(), connections);
            } else if (message instanceof BusMessage.Custom custom
                    && !custom.topic().startsWith("media.")) {
                // media.* topics are the ClusterMediaRelay's own: it listens to the bus itself
                LOG.debug("bus topic {} has no listener here", custom.topic());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not relay {}", message.getClass().getSimpleName(), e);
        }
    }
}
