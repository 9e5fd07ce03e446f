package org.ruralconsult.signaling.ws;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.ruralconsult.domain.event.Party;

/** One client WebSocket and what the server knows about it. Touched on its event loop only. */
public final class Connection {
    private final String id = UUID.randomUUID().toString();
    private final ServerWebSocket socket;
    private final TokenBucket bucket;
    private volatile Party party;
    private volatile String name;
    private boolean helloReceived;
    private boolean presenceSubscribed;
    private String pairingSession;
    private int violations;
    private int authFailures;
    private long helloTimer = -1;
    private volatile boolean closing;
    private volatile Future<?> online = Future.succeededFuture();

    Connection(ServerWebSocket socket, TokenBucket bucket) {
        this.socket = socket;
        this.bucket = bucket;
    }

    public String id() {
        return id;
    }

    /** Null until a hello with a valid token. */
    public Party party() {
        return party;
    }

    public String name() {
        return name;
    }

    public boolean authenticated() {
        return party != null;
    }

    void authenticate(Party party, String name) {
        this.party = party;
        this.name = name;
    }

    boolean helloReceived() {
        return helloReceived;
    }

    void helloReceived(boolean received) {
        this.helloReceived = received;
    }

    /** Completes once the party's presence counts this connection; its removal must wait for it. */
    public Future<?> online() {
        return online;
    }

    public void online(Future<?> online) {
        this.online = online;
    }

    public boolean presenceSubscribed() {
        return presenceSubscribed;
    }

    public void presenceSubscribed(boolean subscribed) {
        this.presenceSubscribed = subscribed;
    }

    /** The pairing session of a TV waiting for its code to be bound, or null. */
    public String pairingSession() {
        return pairingSession;
    }

    public void pairingSession(String pairingSession) {
        this.pairingSession = pairingSession;
    }

    TokenBucket bucket() {
        return bucket;
    }

    int violation() {
        return ++violations;
    }

    int authFailure() {
        return ++authFailures;
    }

    long helloTimer() {
        return helloTimer;
    }

    void helloTimer(long helloTimer) {
        this.helloTimer = helloTimer;
    }

    public boolean open() {
        return !socket.isClosed();
    }

    /** Sends a message; safe from any thread (Vert.x hands the write to the socket's context). */
    public void send(JsonObject message) {
        if (!socket.isClosed()) socket.writeTextMessage(message.encode());
    }

    /** Closes the connection with a WebSocket status code (e.g. 4001 when a TV's token is revoked). */
    public void closeWith(short status, String reason) {
        close(status, reason);
    }

    /** True once the server decided to close: later frames already in flight are dropped unanswered. */
    boolean closing() {
        return closing;
    }

    void close(short status, String reason) {
        closing = true;
        if (!socket.isClosed()) socket.close(status, reason);
    }
}
