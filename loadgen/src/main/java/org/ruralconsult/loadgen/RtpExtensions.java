package org.ruralconsult.loadgen;

/** Finds one header extension element in an RTP packet (RFC 8285: one-byte and two-byte forms). */
final class RtpExtensions {
    private RtpExtensions() {}

    /**
     * The element with {@code id}: its data offset in the upper bits and its length in the low 8 bits, or -1
     * when the packet has none.
     */
    static long find(byte[] b, int len, int id) {
        if (len < 12 || (b[0] & 0x10) == 0 || id <= 0) {
            return -1;
        }
        int h = 12 + 4 * (b[0] & 0x0f);
        if (h + 4 > len) {
            return -1;
        }
        int profile = ((b[h] & 0xff) << 8) | (b[h + 1] & 0xff);
        int end = h + 4 + 4 * (((b[h + 2] & 0xff) << 8) | (b[h + 3] & 0xff));
        if (end > len) {
            return -1;
        }
        int p = h + 4;
        if (profile == 0xbede) { // §4.2: 4-bit id, 4-bit length - 1; id 0 is padding, 15 stops
            while (p < end) {
                int e = b[p] & 0xff;
                if (e == 0) {
                    p++;
                    continue;
                }
                int eid = e >>> 4;
                int elen = (e & 0x0f) + 1;
                if (eid == 15 || p + 1 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 1) << 8) | elen;
                }
                p += 1 + elen;
            }
        } else if ((profile & 0xfff0) == 0x1000) { // §4.3: 8-bit id, 8-bit length
            while (p + 1 < end) {
                int eid = b[p] & 0xff;
                if (eid == 0) {
                    p++;
                    continue;
                }
                int elen = b[p + 1] & 0xff;
                if (p + 2 + elen > end) {
                    return -1;
                }
                if (eid == id) {
                    return ((long) (p + 2) << 8) | elen;
                }
                p += 2 + elen;
            }
        }
        return -1;
    }
}
