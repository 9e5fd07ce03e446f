package org.ruralconsult.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed SDP: session-level lines and attributes, then media sections.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8866">RFC 8866 SDP</a>
 */
public final class SessionDescription {
    public final List<String> sessionLines = new ArrayList<>();
    public final List<String[]> attributes = new ArrayList<>();
    public final List<MediaDescription> media = new ArrayList<>();

    public String value(String name) {
        for (String[] a : attributes) {
            if (a[0].equals(name)) {
                return a[1] == null ? "" : a[1];
            }
        }
        return null;
    }

    /**
     * Whether the other side rejected (or disabled) this m-section. Port 0 means so (RFC 8866 §5.14), except
     * for an m-section that is bundled all the same: one marked {@code a=bundle-only} (an offerer with
     * max-bundle, as Firefox does, RFC 8829 §5.2.1, RFC 8843 §6) or one its BUNDLE group lists (RFC 8843 §7.3.3:
     * a rejected m-section is taken out of the group).
     */
    public boolean rejected(MediaDescription m) {
        if (m.port != 0 || m.value("bundle-only") != null) {
            return false;
        }
        String mid = m.mid();
        for (String[] a : attributes) {
            if (a[0].equals("group") && a[1] != null && a[1].startsWith("BUNDLE ")) {
                if (mid != null
                        && List.of(a[1].substring(7).trim().split("\\s+")).contains(mid)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Media-level value, else session-level (ice-ufrag, fingerprint, setup may sit at either). */
    public String valueFor(MediaDescription m, String name) {
        String v = m.value(name);
        return v != null ? v : value(name);
    }
}
