package org.ruralconsult.media.stun;

import static org.ruralconsult.media.stun.StunConstants.*;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Builds STUN messages attribute by attribute, then MESSAGE-INTEGRITY and FINGERPRINT last
 * (RFC 5389 §15.4, §15.5). Not on the media fast path: one message per connectivity check.
 */
public final class StunEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public StunEncoder(int type, byte[] transactionId) {
        if (transactionId.length != TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("transaction id must be 12 bytes");
        }
        writeShort(type);
        writeShort(0);
        writeInt(MAGIC_COOKIE);
        out.write(transactionId, 0, transactionId.length);
    }

    public StunEncoder attribute(int type, byte[] value) {
        writeShort(type);
        writeShort(value.length);
        out.write(value, 0, value.length);
        for (int i = value.length; (i & 3) != 0; i++) {
            out.write(0);
        }
        return this;
    }

    public StunEncoder username(String username) {
        return attribute(ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8));
    }

    public StunEncoder software(String software) {
        return attribute(ATTR_SOFTWARE, software.getBytes(StandardCharsets.UTF_8));
    }

    public StunEncoder errorCode(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[4 + r.length];
        v[2] = (byte) (code / 100);
        v[3] = (byte) (code % 100);
        System.arraycopy(r, 0, v, 4, r.length);
        return attribute(ATTR_ERROR_CODE, v);
    }

    /** XOR-MAPPED-ADDRESS (RFC 5389 §15.2). */
    public StunEncoder xorMappedAddress(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] header = out.toByteArray();
        byte[] v = new byte[4 + ip.length];
        v[1] = (byte) (ip.length == 4 ? 1 : 2);
        int port = address.getPort() ^ (MAGIC_COOKIE >>> 16);
        v[2] = (byte) (port >> 8);
        v[3] = (byte) port;
        for (int i = 0; i < ip.length; i++) {
            v[4 + i] = (byte) (ip[i] ^ header[4 + i]);
        }
        return attribute(ATTR_XOR_MAPPED_ADDRESS, v);
    }

    /** Appends MESSAGE-INTEGRITY keyed with the short-term password. */
    public StunEncoder integrity(byte[] key) {
        byte[] soFar = out.toByteArray();
        return attribute(ATTR_MESSAGE_INTEGRITY, StunDecoder.integrity(soFar, soFar.length, key));
    }

    /** Appends FINGERPRINT and returns the finished message. */
    public byte[] fingerprintAndBuild() {
        byte[] soFar = out.toByteArray();
        int crc = StunDecoder.fingerprint(soFar, soFar.length);
        byte[] v = {(byte) (crc >>> 24), (byte) (crc >>> 16), (byte) (crc >>> 8), (byte) crc};
        attribute(ATTR_FINGERPRINT, v);
        return build();
    }

    public byte[] build() {
        byte[] msg = out.toByteArray();
        int length = msg.length - HEADER_LENGTH;
        msg[2] = (byte) (length >> 8);
        msg[3] = (byte) length;
        return msg;
    }

    private void writeShort(int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private void writeInt(int v) {
        writeShort(v >>> 16);
        writeShort(v & 0xffff);
    }
}
