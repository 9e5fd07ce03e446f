package org.ruralconsult.media.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The export list is the one place a counter is named: every long field is in it, and summed. */
class PacketCountersTest {

    @Test
    void everyLongFieldIsExportedOnceUnderAPrometheusName() {
        List<String> fields = new ArrayList<>();
        for (Field f : PacketCounters.class.getDeclaredFields()) {
            if (f.getType() == long.class && !Modifier.isStatic(f.getModifiers())) {
                fields.add(f.getName());
            }
        }
        List<String> exported = PacketCounters.EXPORTED.stream()
                .map(PacketCounters.Exported::field)
                .toList();
        assertEquals(Set.copyOf(fields), Set.copyOf(exported), "a long field of PacketCounters is not in EXPORTED");
        assertEquals(exported.size(), Set.copyOf(exported).size(), "a field is exported twice");
        Set<String> names = new HashSet<>();
        for (PacketCounters.Exported e : PacketCounters.EXPORTED) {
            assertTrue(e.name().matches("rc_media_[a-z0-9_]+"), e.name());
            assertEquals(!e.gauge(), e.name().endsWith("_total"), e.name());
            assertFalse(e.help().isBlank(), e.name());
            assertTrue(names.add(e.name()), "two fields export " + e.name());
        }
        assertEquals(
                "rc_media_packets_in_total",
                PacketCounters.EXPORTED.get(0).name(),
                "names are the field's in snake case, Prometheus style");
    }

    @Test
    void addToSumsEveryExportedFieldAndEveryDropReason() throws Exception {
        PacketCounters a = new PacketCounters();
        PacketCounters b = new PacketCounters();
        long v = 1;
        for (PacketCounters.Exported e : PacketCounters.EXPORTED) {
            Field f = PacketCounters.class.getField(e.field());
            f.setLong(a, v);
            f.setLong(b, 100 * v);
            v++;
        }
        a.drop(DropReason.SRTP_UNPROTECT_FAILED);
        b.drop(DropReason.SRTP_UNPROTECT_FAILED);
        b.drop(DropReason.UNKNOWN_SOURCE);

        PacketCounters total = a.snapshot();
        b.addTo(total);

        v = 1;
        for (PacketCounters.Exported e : PacketCounters.EXPORTED) {
            assertEquals(101 * v, e.get(total), e.field());
            v++;
        }
        assertEquals(2, total.drops(DropReason.SRTP_UNPROTECT_FAILED));
        assertEquals(1, total.drops(DropReason.UNKNOWN_SOURCE));
        assertEquals(0, total.drops(DropReason.BAD_SIZE));
        assertEquals(1, a.drops(DropReason.SRTP_UNPROTECT_FAILED), "the snapshot is a copy");
    }
}
