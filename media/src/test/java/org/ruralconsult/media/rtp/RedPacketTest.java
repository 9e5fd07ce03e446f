package org.ruralconsult.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.media.testing.RedPayloads.bytes;
import static org.ruralconsult.media.testing.RedPayloads.red;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RED payloads (RFC 2198 §3) built by hand: redundant blocks, offsets, lengths, and broken ones. */
class RedPacketTest {
    private static byte[] block(RedPacket r, byte[] payload, int off, int i) {
        return Arrays.copyOfRange(payload, off + r.offset(i), off + r.offset(i) + r.length(i));
    }

    @Test
    void onlyAPrimaryBlock() {
        byte[] primary = bytes(40, 1);
        byte[] p = red(111, new int[0], primary);
        RedPacket r = new RedPacket();
        assertTrue(r.parse(p, 0, p.length));
        assertEquals(1, r.count());
        assertEquals(0, r.redundantCount());
        assertEquals(111, r.payloadType(0));
        assertEquals(0, r.timestampOffset(0));
        assertArrayEquals(primary, block(r, p, 0, 0));
    }

    @Test
    void oneRedundantBlockWithItsTimestampOffset() {
        byte[] previous = bytes(33, 7);
        byte[] primary = bytes(41, 90);
        byte[] p = red(111, new int[] {960}, previous, primary);
        RedPacket r = new RedPacket();
        assertTrue(r.parse(p, 0, p.length));
        assertEquals(2, r.count());
        assertEquals(1, r.primary());
        assertEquals(960, r.timestampOffset(0));
        assertEquals(33, r.length(0));
        assertEquals(41, r.length(1));
        assertEquals(5, r.offset(0), "4-byte header, then the primary's 1-byte header");
        assertArrayEquals(previous, block(r, p, 0, 0));
        assertArrayEquals(primary, block(r, p, 0, 1));
    }

    @Test
    void twoRedundantBlocksOldestFirstAtAnOffsetInALargerArray() {
        byte[] older = bytes(20, 1);
        byte[] previous = bytes(1023, 2); // the largest a 10-bit length holds
        byte[] primary = bytes(60, 3);
        byte[] payload = red(109, new int[] {1920, 16383}, older, previous, primary); // 14-bit offset, max
        byte[] inArray = new byte[payload.length + 30];
        System.arraycopy(payload, 0, inArray, 17, payload.length);
        RedPacket r = new RedPacket();
        assertTrue(r.parse(inArray, 17, payload.length));
        assertEquals(3, r.count());
        assertEquals(2, r.redundantCount());
        assertEquals(1920, r.timestampOffset(0));
        assertEquals(16383, r.timestampOffset(1));
        assertEquals(1023, r.length(1));
        assertEquals(109, r.payloadType(2));
        assertArrayEquals(older, block(r, inArray, 17, 0));
        assertArrayEquals(previous, block(r, inArray, 17, 1));
        assertArrayEquals(primary, block(r, inArray, 17, 2));
    }

    @Test
    void blockPayloadTypesAreRewrittenKeepingTheFollowBit() {
        byte[] p = red(109, new int[] {960}, bytes(10, 1), bytes(12, 2));
        RedPacket r = new RedPacket();
        assertTrue(r.parse(p, 0, p.length));
        r.rewriteBlockPayloadTypes(p, 0, 111);
        assertEquals(0x80 | 111, p[0] & 0xff);
        assertEquals(111, p[4] & 0xff, "the primary's header");
        assertTrue(r.parse(p, 0, p.length));
        assertEquals(111, r.payloadType(0));
        assertEquals(960, r.timestampOffset(0), "offset and length untouched");
        assertEquals(10, r.length(0));
    }

    @Test
    void malformedPayloadsAreRefused() {
        RedPacket r = new RedPacket();
        assertFalse(r.parse(new byte[0], 0, 0), "empty");
        byte[] truncatedHeader = {(byte) 0x80 | 111, 0x0f, 0x00};
        assertFalse(r.parse(truncatedHeader, 0, truncatedHeader.length), "a redundant header cut short");
        byte[] noPrimaryHeader = Arrays.copyOf(red(111, new int[] {960}, bytes(3, 1), bytes(3, 2)), 4);
        assertFalse(r.parse(noPrimaryHeader, 0, 4), "headers never end");
        byte[] ok = red(111, new int[] {960}, bytes(30, 1), bytes(3, 2));
        assertFalse(r.parse(ok, 0, 5 + 29), "block length past the end");
        assertTrue(r.parse(ok, 0, 5 + 30), "an empty primary is allowed");
        assertEquals(0, r.length(1));
        byte[][] many = new byte[RedPacket.MAX_REDUNDANT_BLOCKS + 2][];
        Arrays.fill(many, bytes(2, 0));
        byte[] tooMany = red(111, new int[many.length], many);
        assertFalse(r.parse(tooMany, 0, tooMany.length), "more blocks than any sender uses");
        assertEquals(0, r.count(), "nothing is kept from a failed parse");
    }
}
