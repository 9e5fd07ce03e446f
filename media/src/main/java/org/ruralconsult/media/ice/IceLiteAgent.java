package org.ruralconsult.media.ice;

import java.net.InetSocketAddress;
import org.ruralconsult.media.stun.StunConstants;
import org.ruralconsult.media.stun.StunDecoder;
import org.ruralconsult.media.stun.StunEncoder;
import org.ruralconsult.media.stun.StunException;
import org.ruralconsult.media.stun.StunMessage;

/**
 * The server half of ICE-lite for one transport: answers the client's connectivity checks,
 * follows the client to the address it nominates, and tracks consent.
 *
 * <p>Runs on the transport's worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8445#section-2.5">RFC 8445 §2.5 ICE-lite</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.3">RFC 8445 §7.3 responding to checks</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7675">RFC 7675 consent freshness</a>
 */
public final class IceLiteAgent {
    private IceCredentials local;
    private String remoteUfrag;
    private InetSocketAddress selected;
    private boolean nominated;
    private long lastConsentNanos;

    public IceLiteAgent(IceCredentials local) {
        this.local = local;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    /** ICE restart (RFC 8445 §9): new local credentials; the selected pair stays until a new check. */
    public void restart(IceCredentials fresh) {
        this.local = fresh;
        this.remoteUfrag = null;
    }

    public void remoteUfrag(String ufrag) {
        this.remoteUfrag = ufrag;
    }

    /** The address media goes to: the nominated one, else the last one with a valid check. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    public boolean nominated() {
        return nominated;
    }

    public boolean hasConsent(long nowNanos, long timeoutNanos) {
        return lastConsentNanos != 0 && nowNanos - lastConsentNanos < timeoutNanos;
    }

    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /**
     * Answers one binding request. Returns the response to send back to {@code from}; throws on
     * anything that must be dropped silently (RFC 5389 §10.1.2: bad integrity gets a 401).
     */
    public byte[] answer(StunMessage request, InetSocketAddress from, long nowNanos) throws StunException {
        if (!request.isBindingRequest()) {
            throw new StunException(StunException.Reason.NOT_STUN, "not a binding request");
        }
        StunDecoder.checkFingerprint(request);
        String username = request.username();
        if (username == null || !username.startsWith(local.ufrag() + ":")) {
            throw new StunException(StunException.Reason.MISSING_ATTRIBUTE, "username does not match");
        }
        if (remoteUfrag != null
                && !username.substring(local.ufrag().length() + 1).equals(remoteUfrag)) {
            throw new StunException(StunException.Reason.MISSING_ATTRIBUTE, "remote ufrag does not match");
        }
        StunDecoder.checkIntegrity(request, local.pwdBytes());
        lastConsentNanos = nowNanos;
        boolean useCandidate = request.has(StunConstants.ATTR_USE_CANDIDATE);
        if (selected == null || (useCandidate && !from.equals(selected))) {
            selected = from;
        }
        nominated |= useCandidate;
        return new StunEncoder(StunConstants.BINDING_SUCCESS, request.transactionId())
                .xorMappedAddress(from)
                .integrity(local.pwdBytes())
                .fingerprintAndBuild();
    }

    /** A 401 for a request whose MESSAGE-INTEGRITY failed (RFC 5389 §10.1.2). */
    public static byte[] unauthorized(StunMessage request) {
        return new StunEncoder(StunConstants.BINDING_ERROR, request.transactionId())
                .errorCode(StunConstants.ERROR_UNAUTHORIZED, "Unauthorized")
                .fingerprintAndBuild();
    }
}
