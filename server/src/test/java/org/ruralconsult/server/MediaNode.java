package org.ruralconsult.server;

import org.ruralconsult.signaling.records.ClinicalRecords;
import org.ruralconsult.signaling.testing.TestNode;

/** The signaling server with its in-process SFU on loopback (no FHIR server). */
final class MediaNode {
    private MediaNode() {}

    /** A node whose SFU binds 127.0.0.1 on a free port, one worker; clinical records go nowhere. */
    static TestNode start() throws Exception {
        return TestNode.start(
                o -> o.mediaEnabled(true).mediaBind("127.0.0.1").mediaPort(0).mediaWorkers(1),
                null,
                null,
                ClinicalRecords.NONE);
    }
}
