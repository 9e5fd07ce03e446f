package org.ruralconsult.media.srtp;

/**
 * Keying material exported from DTLS, split per RFC 5764 §4.2: client key, server key, client
 * salt, server salt.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">RFC 5764 §4.2</a>
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {
    public static SrtpKeys split(SrtpProfile profile, byte[] material, boolean localIsClient) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        byte[] clientKey = slice(material, 0, k);
        byte[] serverKey = slice(material, k, k);
        byte[] clientSalt = slice(material, 2 * k, s);
        byte[] serverSalt = slice(material, 2 * k + s, s);
        return localIsClient
                ? new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    public static int materialLength(SrtpProfile profile) {
        return 2 * (profile.keyLength + profile.saltLength);
    }

    private static byte[] slice(byte[] b, int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(b, off, r, 0, len);
        return r;
    }
}
