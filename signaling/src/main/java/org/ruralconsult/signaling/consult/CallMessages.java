package org.ruralconsult.signaling.consult;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import org.ruralconsult.calls.BusMessage;
import org.ruralconsult.calls.Call;
import org.ruralconsult.calls.CallEngine;
import org.ruralconsult.calls.CallException;
import org.ruralconsult.calls.CallMember;
import org.ruralconsult.calls.CallTarget;
import org.ruralconsult.calls.InviteTarget;
import org.ruralconsult.calls.Vitals;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.ws.Connection;
import org.ruralconsult.signaling.ws.Connections;
import org.ruralconsult.signaling.ws.ProtocolError;
import org.ruralconsult.signaling.ws.WebSocketGateway;

/**
 * The call.* messages: the one thin layer between the WebSocket protocol and the {@link CallEngine}. The
 * engine blocks (store, event sink), so every call runs on a worker; its {@link CallException} codes are
 * passed to the client unchanged. The engine enforces who may do what in a call.
 */
public final class CallMessages {
    private final Vertx vertx;
    private final CallEngine engine;
    private final CallView view;
    private final Directory directory;

    public CallMessages(Vertx vertx, CallEngine engine, CallView view, Directory directory) {
        this.vertx = vertx;
        this.engine = engine;
        this.view = view;
        this.directory = directory;
    }

    public void register(WebSocketGateway gateway) {
        gateway.handle("call.create", this::create)
                .handle("call.accept", (c, m) -> act(() -> engine.accept(callId(m), c.party())))
                .handle("call.decline", (c, m) -> act(() -> engine.decline(callId(m), c.party())))
                .handle("call.cancel", (c, m) -> act(() -> engine.cancel(callId(m), c.party())))
                .handle("call.leave", (c, m) -> act(() -> engine.leave(callId(m), c.party())))
                .handle("call.rejoin", (c, m) -> act(() -> engine.rejoin(callId(m), c.party())))
                .handle(
                        "call.end",
                        (c, m) -> act(() -> engine.end(callId(m), c.party(), m.getString("reason", "hangup"))))
                .handle("call.invite", this::invite)
                .handle("call.vitals", this::vitals)
                .handle(
                        "call.note",
                        (c, m) -> act(() ->
                                engine.recordNote(callId(m), c.party(), m.getString("reason"), m.getString("note"))))
                .handle("call.message", this::message)
                .handle("call.rate", (c, m) -> act(() -> engine.rate(callId(m), c.party(), m.getInteger("stars"))));
    }

    /**
     * A clinician's text to the patient's screen: recorded as an event by the engine, then pushed as
     * {@code call.message} to every present member of the call on every node (over the cluster bus, topic
     * {@link #MESSAGE_TOPIC}, which {@link #relayMessage} delivers on each node).
     */
    private Future<JsonObject> message(Connection connection, JsonObject message) {
        String text = CallEngine.cleanMessageText(message.getString("text"));
        int length = text.codePointCount(0, text.length());
        if (length == 0 || length > CallEngine.MAX_MESSAGE_LENGTH) {
            return Future.failedFuture(new ProtocolError(
                    "invalid_message",
                    "text must be 1 to " + CallEngine.MAX_MESSAGE_LENGTH
                            + " characters once control characters are removed"));
        }
        String callId = callId(message);
        Party sender = connection.party();
        return vertx.executeBlocking(
                        () -> {
                            ConsultMessageSent sent = engine.sendMessage(callId, sender, text);
                            Call call = engine.call(callId).orElse(null);
                            JsonObject push = messagePush(sent);
                            JsonArray recipients = new JsonArray();
                            if (call != null) {
                                for (CallMember m : call.members()) {
                                    if (m.state().present()) recipients.add(m.id());
                                }
                            }
                            engine.bus()
                                    .publish(new BusMessage.Custom(
                                            MESSAGE_TOPIC,
                                            new JsonObject()
                                                    .put("recipients", recipients)
                                                    .put("push", push)
                                                    .encode()));
                            return push;
                        },
                        false)
                .recover(e -> Future.failedFuture(
                        e instanceof CallException ce
                                ? new ProtocolError(
                                        "invalid".equals(ce.code()) ? "invalid_message" : ce.code(), ce.getMessage())
                                : e))
                .map(push -> {
                    JsonObject echo = push.copy();
                    echo.remove("type");
                    return new JsonObject().put("message", echo);
                });
    }

    /** The bus topic that carries a call.message push to every node. */
    public static final String MESSAGE_TOPIC = "call.message";

    private JsonObject messagePush(ConsultMessageSent sent) {
        Party from = sent.sender();
        String name = directory.practitioner(from.id()).map(p -> p.name()).orElse(from.id());
        String organization = from.organizationId() == null
                ? null
                : directory
                        .organization(from.organizationId())
                        .map(o -> o.name())
                        .orElse(null);
        return new JsonObject()
                .put("type", "call.message")
                .put("callId", sent.callId())
                .put(
                        "from",
                        new JsonObject().put("id", from.id()).put("name", name).put("organization", organization))
                .put("text", sent.text())
                .put("at", sent.at().toString());
    }

    /** On every node: hands a {@link #MESSAGE_TOPIC} bus payload to the recipients connected here. */
    public static void relayMessage(String payload, Connections connections) {
        JsonObject bus = new JsonObject(payload);
        JsonObject push = bus.getJsonObject("push");
        for (Object id : bus.getJsonArray("recipients")) connections.sendTo((String) id, push);
    }

    private Future<JsonObject> create(Connection connection, JsonObject message) {
        JsonObject target = message.getJsonObject("target");
        String id = target.getString("id");
        CallTarget callTarget;
        switch (target.getString("kind")) {
            case "patient_tv" -> callTarget = new CallTarget.PatientTv(requireId(id));
            case "practitioner" -> callTarget = new CallTarget.Practitioner(requireId(id));
            case "resident" -> callTarget = new CallTarget.Resident(requireId(id));
            default -> callTarget = new CallTarget.OnDutyDoctors();
        }
        return place(connection.party(), callTarget).map(call -> new JsonObject().put("call", call));
    }

    /** Places a call and returns its client view (also used by the care-home REST route). */
    public Future<JsonObject> place(Party caller, CallTarget target) {
        return run(() -> engine.placeCall(caller, target)).map(view::toJson);
    }

    private Future<JsonObject> invite(Connection connection, JsonObject message) {
        String expertId = message.getString("expertId");
        String specialty = message.getString("specialty");
        if ((expertId == null) == (specialty == null)) {
            return Future.failedFuture(
                    new ProtocolError("invalid_message", "give exactly one of expertId or specialty"));
        }
        InviteTarget target = expertId != null ? InviteTarget.expert(expertId) : InviteTarget.specialty(specialty);
        return act(() -> engine.invite(
                callId(message),
                connection.party(),
                target,
                message.getString("reason"),
                message.getString("urgency")));
    }

    private Future<JsonObject> vitals(Connection connection, JsonObject message) {
        Vitals vitals = new Vitals(
                message.getInteger("systolicMmHg"),
                message.getInteger("diastolicMmHg"),
                message.getInteger("heartRatePerMin"),
                message.getDouble("glucoseMmolPerL"));
        return act(() -> engine.recordVitals(callId(message), connection.party(), vitals));
    }

    private Future<JsonObject> act(Callable<Call> action) {
        return run(action).map(call -> new JsonObject().put("call", view.toJson(call)));
    }

    private Future<Call> run(Callable<Call> action) {
        return vertx.executeBlocking(action, false)
                .recover(e -> Future.failedFuture(
                        e instanceof CallException ce ? new ProtocolError(ce.code(), ce.getMessage()) : e));
    }

    private static String callId(JsonObject message) {
        return message.getString("callId");
    }

    private static String requireId(String id) {
        if (id == null) throw new ProtocolError("invalid_message", "target.id is required for this kind");
        return id;
    }
}
