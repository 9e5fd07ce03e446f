package org.ruralconsult.domain.directory;

/**
 * An elder seen at home or in a care home.
 *
 * @param homeOrganizationId the village or care home where the patient lives
 * @param birthDate ISO-8601 date
 * @param gender FHIR administrative gender: male, female, other, unknown
 */
public record Patient(
        String id, String name, String birthDate, String gender, String homeOrganizationId, String address) {}
