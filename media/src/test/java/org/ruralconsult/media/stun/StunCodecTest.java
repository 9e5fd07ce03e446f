package org.ruralconsult.media.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The STUN codec against the test vectors of RFC 5769 and against malformed input. */
class StunCodecTest {
    private static final byte[] PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes();

    /** RFC 5769 §2.1 sample request. */
    static final byte[] SAMPLE_REQUEST = hex("000100582112a442b7e7a701bc34d686fa87dfae"
            + "802200105354554e20746573742063 6c69656e74"
            + "002400046e0001ff"
            + "80290008932ff9b151263b36"
            + "000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
            + "80280004e57a3bcf");

    /** RFC 5769 §2.2 sample IPv4 response. */
    static final byte[] SAMPLE_IPV4_RESPONSE = hex("0101003c2112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000080001a147e112a643"
            + "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
            + "80280004c07d4c96");

    /** RFC 5769 §2.3 sample IPv6 response. */
    static final byte[] SAMPLE_IPV6_RESPONSE = hex("010100482112a442b7e7a701bc34d686fa87dfae"
            + "8022000b7465737420766563746f7220"
            + "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
            + "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
            + "80280004c8fb0b4c");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void rfc5769SampleRequestDecodesAndChecks() throws Exception {
        StunMessage m = StunDecoder.decode(SAMPLE_REQUEST.clone());
        assertTrue(m.isBindingRequest());
        assertEquals("evtj:h6vY", m.username());
        assertArrayEquals(hex("b7e7a701bc34d686fa87dfae"), m.transactionId());
        assertTrue(m.has(StunConstants.ATTR_PRIORITY));
        assertTrue(m.has(StunConstants.ATTR_ICE_CONTROLLED));
        StunDecoder.checkFingerprint(m);
        StunDecoder.checkIntegrity(m, PASSWORD);
        StunException wrong =
                assertThrows(StunException.class, () -> StunDecoder.checkIntegrity(m, "not the password".getBytes()));
        assertEquals(StunException.Reason.BAD_INTEGRITY, wrong.reason());
    }

    @Test
    void rfc5769SampleResponsesCheckAndDecodeTheirAddresses() throws Exception {
        StunMessage v4 = StunDecoder.decode(SAMPLE_IPV4_RESPONSE.clone());
        assertEquals(StunConstants.BINDING_SUCCESS, v4.type());
        StunDecoder.checkFingerprint(v4);
        StunDecoder.checkIntegrity(v4, PASSWORD);
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853), StunDecoder.xorMappedAddress(v4));

        StunMessage v6 = StunDecoder.decode(SAMPLE_IPV6_RESPONSE.clone());
        StunDecoder.checkFingerprint(v6);
        StunDecoder.checkIntegrity(v6, PASSWORD);
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                StunDecoder.xorMappedAddress(v6));
    }

    @Test
    void encoderWritesWhatTheDecoderChecks() throws Exception {
        byte[] txid = hex("b7e7a701bc34d686fa87dfae");
        for (String address : new String[] {"192.0.2.1", "2001:db8:1234:5678:11:2233:4455:6677"}) {
            InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName(address), 32853);
            byte[] bytes = new StunEncoder(StunConstants.BINDING_SUCCESS, txid)
                    .software("test vector")
                    .xorMappedAddress(mapped)
                    .integrity(PASSWORD)
                    .fingerprintAndBuild();
            StunMessage m = StunDecoder.decode(bytes);
            StunDecoder.checkFingerprint(m);
            StunDecoder.checkIntegrity(m, PASSWORD);
            assertEquals(mapped, StunDecoder.xorMappedAddress(m));
            // same attributes as the RFC's response: only the SOFTWARE padding byte differs (0 vs
            // space), so lengths and layout match byte for byte apart from the two checksums
            byte[] rfc = address.contains(":") ? SAMPLE_IPV6_RESPONSE : SAMPLE_IPV4_RESPONSE;
            assertEquals(rfc.length, bytes.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(rfc, 0, 35), java.util.Arrays.copyOfRange(bytes, 0, 35));
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(rfc, 36, rfc.length - 32),
                    java.util.Arrays.copyOfRange(bytes, 36, bytes.length - 32));
        }
    }

    @Test
    void malformedInputIsRejectedWithAReason() {
        assertReason(StunException.Reason.TRUNCATED, new byte[19]);
        byte[] cookie = SAMPLE_REQUEST.clone();
        cookie[4] ^= 1;
        assertReason(StunException.Reason.NOT_STUN, cookie);
        byte[] length = SAMPLE_REQUEST.clone();
        length[3] = 0x5c;
        assertReason(StunException.Reason.BAD_LENGTH, length);
        byte[] truncated = java.util.Arrays.copyOf(SAMPLE_REQUEST, 60);
        assertReason(StunException.Reason.BAD_LENGTH, truncated);
        byte[] attribute = SAMPLE_REQUEST.clone();
        attribute[23] = 0x40; // SOFTWARE claims 64 bytes
        assertReason(StunException.Reason.BAD_ATTRIBUTE, attribute);
    }

    @Test
    void aChangedByteBreaksFingerprintAndIntegrity() throws Exception {
        byte[] changed = SAMPLE_REQUEST.clone();
        changed[30] ^= 1; // inside SOFTWARE
        StunMessage m = StunDecoder.decode(changed);
        assertEquals(
                StunException.Reason.BAD_FINGERPRINT,
                assertThrows(StunException.class, () -> StunDecoder.checkFingerprint(m))
                        .reason());
        assertEquals(
                StunException.Reason.BAD_INTEGRITY,
                assertThrows(StunException.class, () -> StunDecoder.checkIntegrity(m, PASSWORD))
                        .reason());
    }

    private static void assertReason(StunException.Reason reason, byte[] bytes) {
        assertEquals(
                reason,
                assertThrows(StunException.class, () -> StunDecoder.decode(bytes))
                        .reason());
    }
}
