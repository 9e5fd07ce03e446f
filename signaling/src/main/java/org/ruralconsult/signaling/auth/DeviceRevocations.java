package org.ruralconsult.signaling.auth;

import java.time.Instant;

/** Revoked TV device tokens: every token of a device issued at or before its revocation is refused. */
@FunctionalInterface
public interface DeviceRevocations {
    /** May block (Redis): call off event loops. */
    boolean isRevoked(String deviceId, Instant tokenIssuedAt);
}
