package org.ruralconsult.fhir;

import java.util.List;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.OrganizationType;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;

/**
 * A small county: one county hospital, one township centre, a village and a care home, their doctors,
 * an expert, care-home staff and two elders with TVs. Patient and TV ids carry a suffix so that tests
 * sharing one FHIR server can each find "their" patient's records by search.
 */
public final class TestCounty {
    public static final String COUNTY = "lin-an-county";
    public static final String TOWNSHIP = "taiyang-township";
    public static final String VILLAGE = "shangtian-village";
    public static final String CARE_HOME = "taiyang-care-home";
    public static final String DOCTOR = "dr-li";
    public static final String EXPERT = "dr-wang";
    public static final String STAFF = "staff-zhao";

    private final String suffix;

    private TestCounty(String suffix) {
        this.suffix = suffix;
    }

    public static TestCounty withSuffix(String suffix) {
        return new TestCounty(suffix);
    }

    /** The elder who lives alone in the village. */
    public String villager() {
        return "chen-" + suffix;
    }

    public String villagerTv() {
        return "tv-chen-" + suffix;
    }

    /** The elder in the care home. */
    public String resident() {
        return "liu-" + suffix;
    }

    public String residentTv() {
        return "tv-liu-" + suffix;
    }

    public Directory directory() {
        return new Directory(
                List.of(
                        new Organization(
                                COUNTY,
                                "Lin'an County People's Hospital",
                                OrganizationType.COUNTY_HOSPITAL,
                                null,
                                null,
                                false),
                        new Organization(
                                TOWNSHIP,
                                "Taiyang Township Health Centre",
                                OrganizationType.TOWNSHIP_CENTRE,
                                COUNTY,
                                null,
                                false),
                        new Organization(VILLAGE, "Shangtian Village", OrganizationType.VILLAGE, null, TOWNSHIP, false),
                        new Organization(
                                CARE_HOME, "Taiyang Care Home", OrganizationType.CARE_HOME, null, TOWNSHIP, true)),
                List.of(
                        new Practitioner(DOCTOR, "Li Ming", Role.TOWNSHIP_DOCTOR, TOWNSHIP, null, "li", "hash"),
                        new Practitioner(EXPERT, "Wang Fang", Role.COUNTY_EXPERT, COUNTY, "cardiology", "wang", "hash"),
                        new Practitioner(STAFF, "Zhao Lei", Role.CARE_HOME_STAFF, CARE_HOME, null, "zhao", "hash")),
                List.of(
                        new Patient(villager(), "Chen Guiying", "1941-03-08", "female", VILLAGE, "12 Shangtian Road"),
                        new Patient(
                                resident(), "Liu Dehua", "1938-11-20", "male", CARE_HOME, "Taiyang Care Home, room 3")),
                List.of(
                        new TvDevice(villagerTv(), villager(), "Skyworth Q41"),
                        new TvDevice(residentTv(), resident(), "Hisense E3")));
    }
}
