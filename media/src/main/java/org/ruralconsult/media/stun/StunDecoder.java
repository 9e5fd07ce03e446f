package org.ruralconsult.media.stun;

import static org.ruralconsult.media.stun.StunConstants.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decodes STUN messages and checks their MESSAGE-INTEGRITY and FINGERPRINT.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5389#section-6">RFC 5389 §6 message structure</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5389#section-15">RFC 5389 §15 attributes</a>
 */
public final class StunDecoder {
    private static final int MAX_ATTRIBUTES = 32;

    private StunDecoder() {}

    /** RFC 7983 §7: a first byte in 0..3 may be STUN. Cheap test for the demultiplexer. */
    public static boolean looksLikeStun(byte[] data, int off, int len) {
        return len >= HEADER_LENGTH && (data[off] & 0xC0) == 0 && readInt(data, off + 4) == MAGIC_COOKIE;
    }

    public static StunMessage decode(byte[] data) throws StunException {
        if (data.length < HEADER_LENGTH) {
            throw new StunException(StunException.Reason.TRUNCATED, "shorter than a STUN header");
        }
        if ((data[0] & 0xC0) != 0 || readInt(data, 4) != MAGIC_COOKIE) {
            throw new StunException(StunException.Reason.NOT_STUN, "no magic cookie");
        }
        int type = readShort(data, 0);
        int length = readShort(data, 2);
        if ((length & 3) != 0 || HEADER_LENGTH + length != data.length) {
            throw new StunException(
                    StunException.Reason.BAD_LENGTH, "length " + length + " for datagram of " + data.length);
        }
        int[] types = new int[MAX_ATTRIBUTES];
        int[] offsets = new int[MAX_ATTRIBUTES];
        int[] lengths = new int[MAX_ATTRIBUTES];
        int count = 0;
        int pos = HEADER_LENGTH;
        boolean sawFingerprint = false;
        while (pos < data.length) {
            if (pos + 4 > data.length) {
                throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "truncated attribute header");
            }
            int at = readShort(data, pos);
            int al = readShort(data, pos + 2);
            if (pos + 4 + al > data.length) {
                throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "attribute runs past message");
            }
            if (sawFingerprint) {
                throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "attribute after FINGERPRINT");
            }
            if (count == MAX_ATTRIBUTES) {
                throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "too many attributes");
            }
            types[count] = at;
            offsets[count] = pos + 4;
            lengths[count] = al;
            count++;
            sawFingerprint = at == ATTR_FINGERPRINT;
            pos += 4 + ((al + 3) & ~3);
        }
        if (pos != data.length) {
            throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "padding runs past message");
        }
        return new StunMessage(data, type, types, offsets, lengths, count);
    }

    /** RFC 5389 §15.5: CRC-32 of the message up to FINGERPRINT, XOR 0x5354554e. */
    public static void checkFingerprint(StunMessage m) throws StunException {
        int off = m.valueOffset(ATTR_FINGERPRINT);
        if (off < 0 || m.valueLength(ATTR_FINGERPRINT) != 4) {
            throw new StunException(StunException.Reason.MISSING_ATTRIBUTE, "no FINGERPRINT");
        }
        int expected = fingerprint(m.raw(), off - 4);
        if (readInt(m.raw(), off) != expected) {
            throw new StunException(StunException.Reason.BAD_FINGERPRINT, "FINGERPRINT mismatch");
        }
    }

    /**
     * RFC 5389 §15.4: HMAC-SHA1 keyed with the short-term password over the message up to
     * MESSAGE-INTEGRITY, the header length counting through MESSAGE-INTEGRITY.
     */
    public static void checkIntegrity(StunMessage m, byte[] key) throws StunException {
        int off = m.valueOffset(ATTR_MESSAGE_INTEGRITY);
        if (off < 0 || m.valueLength(ATTR_MESSAGE_INTEGRITY) != MESSAGE_INTEGRITY_LENGTH) {
            throw new StunException(StunException.Reason.MISSING_ATTRIBUTE, "no MESSAGE-INTEGRITY");
        }
        byte[] mac = integrity(m.raw(), off - 4, key);
        byte[] got = new byte[MESSAGE_INTEGRITY_LENGTH];
        System.arraycopy(m.raw(), off, got, 0, got.length);
        if (!MessageDigest.isEqual(mac, got)) {
            throw new StunException(StunException.Reason.BAD_INTEGRITY, "MESSAGE-INTEGRITY mismatch");
        }
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 §15.2), or null. */
    public static InetSocketAddress xorMappedAddress(StunMessage m) throws StunException {
        int off = m.valueOffset(ATTR_XOR_MAPPED_ADDRESS);
        if (off < 0) {
            return null;
        }
        byte[] raw = m.raw();
        int len = m.valueLength(ATTR_XOR_MAPPED_ADDRESS);
        int family = raw[off + 1] & 0xff;
        int port = readShort(raw, off + 2) ^ (MAGIC_COOKIE >>> 16);
        int addrLen = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (addrLen < 0 || len != 4 + addrLen) {
            throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "bad XOR-MAPPED-ADDRESS");
        }
        byte[] addr = new byte[addrLen];
        for (int i = 0; i < addrLen; i++) {
            addr[i] = (byte) (raw[off + 4 + i] ^ raw[4 + i]); // cookie then transaction id
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(addr), port);
        } catch (UnknownHostException e) {
            throw new StunException(StunException.Reason.BAD_ATTRIBUTE, "bad address");
        }
    }

    static byte[] integrity(byte[] raw, int attributeStart, byte[] key) {
        byte[] copy = new byte[attributeStart];
        System.arraycopy(raw, 0, copy, 0, attributeStart);
        int fakeLength = attributeStart + 4 + MESSAGE_INTEGRITY_LENGTH - HEADER_LENGTH;
        copy[2] = (byte) (fakeLength >> 8);
        copy[3] = (byte) fakeLength;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(copy);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    static int fingerprint(byte[] raw, int attributeStart) {
        byte[] copy = new byte[attributeStart];
        System.arraycopy(raw, 0, copy, 0, attributeStart);
        int fakeLength = attributeStart + 8 - HEADER_LENGTH;
        copy[2] = (byte) (fakeLength >> 8);
        copy[3] = (byte) fakeLength;
        CRC32 crc = new CRC32();
        crc.update(copy);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    static int readShort(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
