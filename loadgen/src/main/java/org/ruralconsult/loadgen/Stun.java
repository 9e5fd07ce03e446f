package org.ruralconsult.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The few STUN messages an ICE controlling agent sends (RFC 8489 / RFC 8445 §7.2): a binding request
 * with USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY and FINGERPRINT.
 */
final class Stun {
    static final int MAGIC = 0x2112A442;
    static final int BINDING_REQUEST = 0x0001;
    static final int BINDING_SUCCESS = 0x0101;
    private static final int USERNAME = 0x0006;
    private static final int XOR_MAPPED_ADDRESS = 0x0020;
    private static final int MESSAGE_INTEGRITY = 0x0008;
    private static final int PRIORITY = 0x0024;
    private static final int USE_CANDIDATE = 0x0025;
    private static final int FINGERPRINT = 0x8028;
    private static final int ICE_CONTROLLING = 0x802A;

    private Stun() {}

    /** A binding request; {@code txId} must be 12 bytes. */
    static byte[] bindingRequest(
            byte[] txId, String remoteUfrag, String localUfrag, String remotePwd, long tieBreaker, boolean nominate) {
        byte[] user = (remoteUfrag + ":" + localUfrag).getBytes(StandardCharsets.UTF_8);
        int userPadded = (user.length + 3) & ~3;
        int attrs = 4 + userPadded + 8 + 12 + (nominate ? 4 : 0);
        ByteBuffer b = ByteBuffer.allocate(20 + attrs + 24 + 8);
        b.putShort((short) BINDING_REQUEST).putShort((short) 0).putInt(MAGIC).put(txId);
        b.putShort((short) USERNAME).putShort((short) user.length).put(user);
        for (int i = user.length; i < userPadded; i++) {
            b.put((byte) 0);
        }
        b.putShort((short) PRIORITY).putShort((short) 4).putInt(0x7e7fffff); // host, local pref max, component 1
        b.putShort((short) ICE_CONTROLLING).putShort((short) 8).putLong(tieBreaker);
        if (nominate) {
            b.putShort((short) USE_CANDIDATE).putShort((short) 0);
        }
        // MESSAGE-INTEGRITY: length field counts up to and including this attribute (RFC 8489 §14.5)
        int miAt = b.position();
        b.putShort(2, (short) (miAt - 20 + 24));
        byte[] hmac = hmacSha1(remotePwd.getBytes(StandardCharsets.UTF_8), b.array(), 0, miAt);
        b.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
        int fpAt = b.position();
        b.putShort(2, (short) (fpAt - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, fpAt);
        b.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
        return b.array();
    }

    /**
     * A success response to a binding request from {@code from} (the remote agent's checks: a full ICE peer
     * such as libnice, even in Janus's lite mode, checks the pair too and nominates on our response).
     */
    static byte[] bindingSuccess(byte[] request, java.net.InetSocketAddress from, String localPwd) {
        ByteBuffer b = ByteBuffer.allocate(20 + 12 + 24 + 8);
        b.putShort((short) BINDING_SUCCESS).putShort((short) 0).putInt(MAGIC).put(request, 8, 12);
        byte[] ip = from.getAddress().getAddress();
        b.putShort((short) XOR_MAPPED_ADDRESS).putShort((short) 8).put((byte) 0).put((byte) 1);
        b.putShort((short) (from.getPort() ^ (MAGIC >>> 16)));
        b.putInt(ByteBuffer.wrap(ip).getInt() ^ MAGIC);
        int miAt = b.position();
        b.putShort(2, (short) (miAt - 20 + 24));
        byte[] hmac = hmacSha1(localPwd.getBytes(StandardCharsets.UTF_8), b.array(), 0, miAt);
        b.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
        int fpAt = b.position();
        b.putShort(2, (short) (fpAt - 20 + 8));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, fpAt);
        b.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
        return b.array();
    }

    static boolean isStun(byte[] p, int len) {
        return len >= 20 && (p[0] & 0xc0) == 0 && ByteBuffer.wrap(p, 4, 4).getInt() == MAGIC;
    }

    static int type(byte[] p) {
        return ((p[0] & 0xff) << 8) | (p[1] & 0xff);
    }

    static boolean sameTransaction(byte[] p, byte[] txId) {
        for (int i = 0; i < 12; i++) {
            if (p[8 + i] != txId[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] hmacSha1(byte[] key, byte[] data, int off, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
