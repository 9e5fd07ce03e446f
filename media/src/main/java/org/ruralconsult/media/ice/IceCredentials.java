package org.ruralconsult.media.ice;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Short-term ICE credentials: ufrag of at least 4 and pwd of at least 22 ice-chars.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8839#section-5.4">RFC 8839 §5.4 ice-ufrag/ice-pwd</a>
 */
public record IceCredentials(String ufrag, String pwd) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static IceCredentials random() {
        return new IceCredentials(randomString(8), randomString(24));
    }

    public byte[] pwdBytes() {
        return pwd.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomString(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return sb.toString();
    }
}
