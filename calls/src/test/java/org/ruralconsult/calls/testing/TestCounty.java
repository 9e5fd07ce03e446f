package org.ruralconsult.calls.testing;

import java.util.List;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.OrganizationType;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;

/** A small county for tests: one hospital, two townships, a village, a care home, a second county. */
public final class TestCounty {
    private TestCounty() {}

    public static Directory directory() {
        return new Directory(
                List.of(
                        new Organization(
                                "county", "County Hospital", OrganizationType.COUNTY_HOSPITAL, null, null, false),
                        new Organization(
                                "town-a", "Township A", OrganizationType.TOWNSHIP_CENTRE, "county", null, false),
                        new Organization(
                                "town-b", "Township B", OrganizationType.TOWNSHIP_CENTRE, "county", null, false),
                        new Organization("village-a", "Village A", OrganizationType.VILLAGE, null, "town-a", false),
                        new Organization("care-a", "Care Home A", OrganizationType.CARE_HOME, null, "town-a", true),
                        new Organization(
                                "other-county", "Other County", OrganizationType.COUNTY_HOSPITAL, null, null, false)),
                List.of(
                        doctor("doc-a1", "town-a"),
                        doctor("doc-a2", "town-a"),
                        doctor("doc-b1", "town-b"),
                        new Practitioner(
                                "exp-cardio",
                                "Expert C",
                                Role.COUNTY_EXPERT,
                                "county",
                                "cardiology",
                                "exp-cardio",
                                "x"),
                        new Practitioner(
                                "exp-cardio2",
                                "Expert C2",
                                Role.COUNTY_EXPERT,
                                "county",
                                "cardiology",
                                "exp-cardio2",
                                "x"),
                        new Practitioner(
                                "exp-other",
                                "Expert O",
                                Role.COUNTY_EXPERT,
                                "other-county",
                                "cardiology",
                                "exp-other",
                                "x"),
                        new Practitioner("staff-a", "Staff A", Role.CARE_HOME_STAFF, "care-a", null, "staff-a", "x")),
                List.of(
                        new Patient("pat-home", "Elder at home", "1940-01-01", "female", "village-a", "Village A 1"),
                        new Patient("pat-care", "Elder in care", "1938-02-02", "male", "care-a", "Care Home A")),
                List.of(new TvDevice("tv-home", "pat-home", "STB"), new TvDevice("tv-care", "pat-care", "STB")));
    }

    private static Practitioner doctor(String id, String org) {
        return new Practitioner(id, "Doctor " + id, Role.TOWNSHIP_DOCTOR, org, null, id, "x");
    }

    public static Party practitioner(String id) {
        Practitioner p = directory().practitioner(id).orElseThrow();
        return new Party(p.id(), p.role(), p.organizationId(), null);
    }

    public static Party tv(String deviceId) {
        Directory d = directory();
        TvDevice tv = d.device(deviceId).orElseThrow();
        Patient patient = d.patient(tv.patientId()).orElseThrow();
        return new Party(tv.id(), Role.PATIENT_DEVICE, patient.homeOrganizationId(), patient.id());
    }
}
