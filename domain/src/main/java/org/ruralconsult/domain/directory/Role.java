package org.ruralconsult.domain.directory;

/** What a signed-in party is allowed to do; carried in every token. */
public enum Role {
    /** A patient's TV (set-top box), signed in with a device token after pairing. */
    PATIENT_DEVICE,
    TOWNSHIP_DOCTOR,
    COUNTY_EXPERT,
    CARE_HOME_STAFF,
    DISPATCHER,
    ADMIN;

    public boolean isClinician() {
        return this == TOWNSHIP_DOCTOR || this == COUNTY_EXPERT;
    }
}
