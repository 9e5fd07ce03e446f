package org.ruralconsult.media.sdp;

/** Writes a {@link SessionDescription} with CRLF line ends (RFC 8866 §5). */
public final class SdpEncoder {
    private SdpEncoder() {}

    public static String encode(SessionDescription s) {
        StringBuilder sb = new StringBuilder(2048);
        for (String l : s.sessionLines) {
            sb.append(l).append("\r\n");
        }
        for (String[] a : s.attributes) {
            attribute(sb, a);
        }
        for (MediaDescription m : s.media) {
            sb.append("m=")
                    .append(m.kind)
                    .append(' ')
                    .append(m.port)
                    .append(' ')
                    .append(m.proto);
            for (String f : m.formats) {
                sb.append(' ').append(f);
            }
            sb.append("\r\n");
            for (String l : m.otherLines) {
                sb.append(l).append("\r\n");
            }
            for (String[] a : m.attributes) {
                attribute(sb, a);
            }
        }
        return sb.toString();
    }

    private static void attribute(StringBuilder sb, String[] a) {
        sb.append("a=").append(a[0]);
        if (a[1] != null) {
            sb.append(':').append(a[1]);
        }
        sb.append("\r\n");
    }
}
