package org.ruralconsult.calls;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.ruralconsult.calls.store.StateStore;

/**
 * TV pairing: a TV without a token shows a short code; staff bind the code to a patient; the node that
 * holds the TV's connection then hands it a device token. Codes are single use ({@link StateStore#take})
 * and expire. Device tokens issued before a revocation are void.
 */
public final class PairingCodes {
    public static final Duration DEFAULT_CODE_TTL = Duration.ofMinutes(10);
    static final int CODE_DIGITS = 6;

    private final StateStore store;
    private final ClusterBus bus;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    PairingCodes(StateStore store, ClusterBus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    /** A fresh code for the pairing session (the TV's connection) to show on screen. */
    public String issue(String pairingSessionId) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String code = String.format("%0" + CODE_DIGITS + "d", random.nextInt((int) Math.pow(10, CODE_DIGITS)));
            if (store.putIfAbsent(codeKey(code), pairingSessionId, DEFAULT_CODE_TTL)) {
                return code;
            }
        }
        throw new CallException("unavailable", "no free pairing code, try again");
    }

    /**
     * Binds a code to a patient's TV. Returns the pairing session the code belonged to, or empty when the
     * code is unknown, expired or already used.
     */
    public Optional<String> bind(String code, String patientId, String deviceId) {
        if (code == null || !code.matches("\\d{" + CODE_DIGITS + "}")) {
            return Optional.empty();
        }
        Optional<String> session = store.take(codeKey(code));
        session.ifPresent(s -> {
            // kept for the admins' list of TVs: a pairing after the last revocation makes the TV usable again
            store.put(pairedKey(deviceId), Long.toString(clock.millis()), null);
            bus.publish(new BusMessage.PairingBound(s, patientId, deviceId));
        });
        return session;
    }

    /** Voids every device token of this TV issued until now. */
    public void revoke(String deviceId) {
        store.put(revokedKey(deviceId), Long.toString(clock.millis()), null);
        bus.publish(new BusMessage.DeviceRevoked(deviceId));
    }

    /** When the TV's tokens were last revoked; tokens issued at or before this instant are void. */
    public Optional<Instant> revokedAt(String deviceId) {
        return store.get(revokedKey(deviceId)).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    /** When the TV was last paired (a code bound to it); empty when never since the state store began. */
    public Optional<Instant> pairedAt(String deviceId) {
        return store.get(pairedKey(deviceId)).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    private static String pairedKey(String deviceId) {
        return "paired:" + deviceId;
    }

    private static String codeKey(String code) {
        return "pair:" + code;
    }

    private static String revokedKey(String deviceId) {
        return "revoked:" + deviceId;
    }
}
