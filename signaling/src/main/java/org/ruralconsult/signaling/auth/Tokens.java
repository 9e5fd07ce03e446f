package org.ruralconsult.signaling.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;

/**
 * Issues and checks HS256 JWTs. Claims: {@code sub} (practitioner or TV device id), {@code role},
 * {@code org} (organization, or the patient's home for a TV), {@code pid} (TVs: the patient), {@code
 * name}, {@code iat}/{@code exp}, and for TVs {@code issued} (epoch ms, compared with revocations). Device tokens are long-lived and checked against {@link
 * DeviceRevocations} on every use.
 */
public final class Tokens {
    private static final String ALGORITHM = "HS256";

    private final JWTAuth jwt;
    private final Duration accessTtl;
    private final Duration deviceTtl;
    private final DeviceRevocations revocations;
    private final Predicate<Party> known;

    /**
     * @param known whether the directory still has this party with this role and organization (a token of
     *     someone removed from the directory, or moved, stops working at once)
     */
    public Tokens(
            Vertx vertx,
            String secret,
            Duration accessTtl,
            Duration deviceTtl,
            DeviceRevocations revocations,
            Predicate<Party> known) {
        this.jwt = JWTAuth.create(
                vertx,
                new JWTAuthOptions()
                        .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret)));
        this.accessTtl = accessTtl;
        this.deviceTtl = deviceTtl;
        this.revocations = revocations;
        this.known = known;
    }

    public Duration accessTtl() {
        return accessTtl;
    }

    public String issue(Practitioner practitioner) {
        JsonObject claims = new JsonObject()
                .put("sub", practitioner.id())
                .put("role", practitioner.role().name())
                .put("org", practitioner.organizationId())
                .put("name", practitioner.name());
        return jwt.generateToken(claims, options(accessTtl));
    }

    /** A fresh access token for the same party (POST /api/refresh); never for a TV device. */
    public String reissue(Party party, String name) {
        JsonObject claims = new JsonObject()
                .put("sub", party.id())
                .put("role", party.role().name())
                .put("org", party.organizationId())
                .put("name", name);
        return jwt.generateToken(claims, options(accessTtl));
    }

    public String issueDevice(TvDevice device, Patient patient) {
        JsonObject claims = new JsonObject()
                .put("sub", device.id())
                .put("role", Role.PATIENT_DEVICE.name())
                .put("org", patient.homeOrganizationId())
                .put("pid", patient.id())
                .put("name", patient.name())
                .put("issued", System.currentTimeMillis());
        return jwt.generateToken(claims, options(deviceTtl));
    }

    private static JWTOptions options(Duration ttl) {
        return new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInSeconds((int) ttl.toSeconds());
    }

    /**
     * The party a token stands for. Fails with a {@link TokenRejected} whose reason is {@code expired},
     * {@code invalid}, {@code unknown} (not in the directory) or {@code revoked}. The revocation check may
     * block (Redis): it runs on a worker.
     */
    public Future<Party> verify(Vertx vertx, String token) {
        if (token == null || token.isBlank()) return Future.failedFuture(new TokenRejected("invalid", "no token"));
        return jwt.authenticate(new TokenCredentials(token))
                .recover(e -> Future.failedFuture(
                        isExpiry(e)
                                ? new TokenRejected("expired", "token expired")
                                : new TokenRejected("invalid", "token rejected")))
                .compose(user -> {
                    JsonObject p = user.principal();
                    Party party;
                    try {
                        party = new Party(
                                p.getString("sub"),
                                Role.valueOf(p.getString("role")),
                                p.getString("org"),
                                p.getString("pid"));
                    } catch (RuntimeException bad) {
                        return Future.failedFuture(new TokenRejected("invalid", "token claims malformed"));
                    }
                    if (!known.test(party)) {
                        return Future.failedFuture(new TokenRejected("unknown", "not in the directory (any more)"));
                    }
                    if (party.role() != Role.PATIENT_DEVICE) return Future.succeededFuture(party);
                    Instant issuedAt = Instant.ofEpochMilli(p.getLong("issued", 0L));
                    return vertx.executeBlocking(() -> revocations.isRevoked(party.id(), issuedAt))
                            .compose(revoked -> revoked
                                    ? Future.failedFuture(new TokenRejected("revoked", "device token revoked"))
                                    : Future.succeededFuture(party));
                });
    }

    /** The display name carried in a token, for refresh. */
    public Future<String> nameOf(String token) {
        return jwt.authenticate(new TokenCredentials(token))
                .map(u -> u.principal().getString("name", ""));
    }

    private static boolean isExpiry(Throwable e) {
        String message = String.valueOf(e.getMessage()).toLowerCase();
        return message.contains("expired");
    }

    /** Why a token was not accepted. */
    public static final class TokenRejected extends RuntimeException {
        private final String reason;

        public TokenRejected(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
