package org.ruralconsult.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The two DTLS-SRTP protection profiles we negotiate, preferred first.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.1.2">RFC 5764 §4.1.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7714#section-14.2">RFC 7714 §14.2 AEAD_AES_128_GCM</a>
 */
public enum SrtpProfile {
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10);

    public final int id;
    public final int keyLength;
    public final int saltLength;
    /** Bytes SRTP adds after the payload: the auth tag (GCM) or HMAC tag. */
    public final int tagLength;

    SrtpProfile(int id, int keyLength, int saltLength, int tagLength) {
        this.id = id;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    public static SrtpProfile byId(int id) {
        for (SrtpProfile p : values()) {
            if (p.id == id) {
                return p;
            }
        }
        return null;
    }

    SrtpPolicy rtpPolicy() {
        return this == AEAD_AES_128_GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }
}
