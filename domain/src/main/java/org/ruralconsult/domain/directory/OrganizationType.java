package org.ruralconsult.domain.directory;

/** Tiers of rural care: county hospital, township health centre, and the places elders live. */
public enum OrganizationType {
    COUNTY_HOSPITAL,
    TOWNSHIP_CENTRE,
    CARE_HOME,
    VILLAGE
}
