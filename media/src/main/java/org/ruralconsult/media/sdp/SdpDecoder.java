package org.ruralconsult.media.sdp;

/** Parses SDP text line by line (RFC 8866 §5); tolerant of LF-only line ends. */
public final class SdpDecoder {
    private SdpDecoder() {}

    public static SessionDescription decode(String sdp) throws SdpException {
        if (sdp == null || !sdp.startsWith("v=0")) {
            throw new SdpException("not an SDP (no v=0)");
        }
        SessionDescription s = new SessionDescription();
        MediaDescription current = null;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("bad SDP line: " + line);
            }
            char type = line.charAt(0);
            String body = line.substring(2);
            if (type == 'm') {
                String[] parts = body.split(" ");
                if (parts.length < 3) {
                    throw new SdpException("bad m= line: " + line);
                }
                int port;
                try {
                    port = Integer.parseInt(parts[1].split("/")[0]);
                } catch (NumberFormatException e) {
                    throw new SdpException("bad port in: " + line);
                }
                current = new MediaDescription(parts[0], port, parts[2]);
                for (int i = 3; i < parts.length; i++) {
                    current.formats.add(parts[i]);
                }
                s.media.add(current);
            } else if (type == 'a') {
                int colon = body.indexOf(':');
                String name = colon < 0 ? body : body.substring(0, colon);
                String value = colon < 0 ? null : body.substring(colon + 1);
                if (current == null) {
                    s.attributes.add(new String[] {name, value});
                } else {
                    current.attributes.add(new String[] {name, value});
                }
            } else if (current == null) {
                s.sessionLines.add(line);
            } else {
                current.otherLines.add(line);
            }
        }
        return s;
    }
}
