package org.ruralconsult.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTCP the relay writes is what it reads; malformed compounds are refused. */
class RtcpCodecTest {
    static final class Recorder implements RtcpHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onSenderReport(int ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
            events.add("SR " + ssrc + " " + Long.toHexString(ntp) + " " + rtpTimestamp + " " + packets + " " + octets);
        }

        @Override
        public void onReportBlock(int sender, int source, int fractionLost, int highestSeq, long lsr, long dlsr) {
            events.add("RB " + sender + "->" + source + " " + fractionLost + " " + highestSeq + " " + lsr + " " + dlsr);
        }

        @Override
        public void onNack(int senderSsrc, int mediaSsrc, int packetId, int bitmask) {
            events.add("NACK " + mediaSsrc + " " + packetId + " " + bitmask);
        }

        @Override
        public void onKeyframeRequest(int senderSsrc, int mediaSsrc) {
            events.add("KEY " + mediaSsrc);
        }

        @Override
        public void onRemb(int senderSsrc, long bitsPerSecond, byte[] b, int ssrcOffset, int ssrcCount) {
            events.add("REMB " + bitsPerSecond + " " + ssrcCount + " "
                    + org.ruralconsult.media.rtp.RtpHeader.readInt(b, ssrcOffset));
        }
    }

    @Test
    void compoundRoundTrip() throws Exception {
        byte[] b = new byte[512];
        int p = RtcpEncoder.senderReport(b, 0, 7, 0x0102030405060708L, 9000, 10, 1000);
        int rr = p;
        p = RtcpEncoder.receiverReport(b, p, 8, 1);
        p = RtcpEncoder.reportBlock(b, p, 7, 25, 3, 70000, 4, 0x03040506L, 655);
        p = RtcpEncoder.nack(b, p, 8, 7, new int[] {100, 200}, new int[] {0, 5}, 2);
        p = RtcpEncoder.pli(b, p, 8, 7);
        p = RtcpEncoder.remb(b, p, 8, 1_500_000, new int[] {7}, 1);
        Recorder r = new Recorder();
        RtcpDecoder.decode(b, 0, p, r);
        assertEquals(
                List.of(
                        "SR 7 102030405060708 9000 10 1000",
                        "RB 8->7 25 70000 50595078 655",
                        "NACK 7 100 0",
                        "NACK 7 200 5",
                        "KEY 7",
                        "REMB 1500000 1 7"),
                r.events);
        assertEquals(rr, 28);
    }

    @Test
    void firIsAKeyframeRequestPerEntry() throws Exception {
        byte[] b = {
            (byte) 0x84, (byte) 206, 0, 4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 0, 0,
        };
        Recorder r = new Recorder();
        RtcpDecoder.decode(b, 0, b.length, r);
        assertEquals(List.of("KEY 7"), r.events);
    }

    @Test
    void malformedCompoundsAreRefused() {
        byte[] b = new byte[64];
        int p = RtcpEncoder.pli(b, 0, 1, 2);
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(b, 0, 3, new Recorder()));
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(b, 0, p - 1, new Recorder()), "length past end");
        byte[] v1 = b.clone();
        v1[0] = 0x41;
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(v1, 0, p, new Recorder()), "version 1");
        byte[] shortSr = {(byte) 0x81, (byte) 200, 0, 1, 0, 0, 0, 1};
        assertThrows(RtcpException.class, () -> RtcpDecoder.decode(shortSr, 0, shortSr.length, new Recorder()));
    }
}
