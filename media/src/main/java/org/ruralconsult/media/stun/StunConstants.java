package org.ruralconsult.media.stun;

/**
 * Numbers from RFC 5389 (STUN) and RFC 8445 (ICE) that the codec needs.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5389#section-18">RFC 5389 §18</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8445#section-16.1">RFC 8445 §16.1</a>
 */
public final class StunConstants {
    private StunConstants() {}

    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    public static final int ATTR_MAPPED_ADDRESS = 0x0001;
    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_ERROR_CODE = 0x0009;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    public static final int MESSAGE_INTEGRITY_LENGTH = 20;
    public static final int FINGERPRINT_XOR = 0x5354554e;

    /** ERROR-CODE 401: bad or missing credentials (RFC 5389 §15.6). */
    public static final int ERROR_UNAUTHORIZED = 401;
    /** ERROR-CODE 400: malformed request. */
    public static final int ERROR_BAD_REQUEST = 400;
}
