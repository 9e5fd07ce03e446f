package org.ruralconsult.media.stun;

import java.nio.charset.StandardCharsets;

/**
 * A decoded STUN message: the raw bytes plus where each attribute lies in them. Attributes are
 * kept as offsets so that MESSAGE-INTEGRITY and FINGERPRINT can be checked over the exact bytes
 * received (RFC 5389 §15.4, §15.5).
 */
public final class StunMessage {
    private final byte[] raw;
    private final int type;
    private final int[] attrTypes;
    private final int[] attrOffsets;
    private final int[] attrLengths;
    private final int attrCount;

    StunMessage(byte[] raw, int type, int[] attrTypes, int[] attrOffsets, int[] attrLengths, int attrCount) {
        this.raw = raw;
        this.type = type;
        this.attrTypes = attrTypes;
        this.attrOffsets = attrOffsets;
        this.attrLengths = attrLengths;
        this.attrCount = attrCount;
    }

    public byte[] raw() {
        return raw;
    }

    public int type() {
        return type;
    }

    public boolean isBindingRequest() {
        return type == StunConstants.BINDING_REQUEST;
    }

    public byte[] transactionId() {
        byte[] id = new byte[StunConstants.TRANSACTION_ID_LENGTH];
        System.arraycopy(raw, 8, id, 0, id.length);
        return id;
    }

    int attributeCount() {
        return attrCount;
    }

    int attributeType(int i) {
        return attrTypes[i];
    }

    /** Offset of the value of the first attribute of this type, or -1. */
    public int valueOffset(int attributeType) {
        for (int i = 0; i < attrCount; i++) {
            if (attrTypes[i] == attributeType) {
                return attrOffsets[i];
            }
        }
        return -1;
    }

    public int valueLength(int attributeType) {
        for (int i = 0; i < attrCount; i++) {
            if (attrTypes[i] == attributeType) {
                return attrLengths[i];
            }
        }
        return -1;
    }

    public boolean has(int attributeType) {
        return valueOffset(attributeType) >= 0;
    }

    public byte[] value(int attributeType) {
        int off = valueOffset(attributeType);
        if (off < 0) {
            return null;
        }
        byte[] v = new byte[valueLength(attributeType)];
        System.arraycopy(raw, off, v, 0, v.length);
        return v;
    }

    /** USERNAME as UTF-8, or null. */
    public String username() {
        byte[] v = value(StunConstants.ATTR_USERNAME);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** ERROR-CODE class*100+number, or -1 (RFC 5389 §15.6). */
    public int errorCode() {
        int off = valueOffset(StunConstants.ATTR_ERROR_CODE);
        if (off < 0 || valueLength(StunConstants.ATTR_ERROR_CODE) < 4) {
            return -1;
        }
        return (raw[off + 2] & 0x7) * 100 + (raw[off + 3] & 0xff);
    }
}
