package org.ruralconsult.domain.directory;

/**
 * A person who signs in with a password: township doctor, county expert, care-home staff, dispatcher or
 * admin. (In FHIR terms doctors and experts are Practitioners with a PractitionerRole; staff are too.)
 *
 * @param specialty set for county experts (e.g. "cardiology"), null otherwise
 * @param passwordHash a slow-KDF hash string, never the password itself
 */
public record Practitioner(
        String id,
        String name,
        Role role,
        String organizationId,
        String specialty,
        String login,
        String passwordHash) {}
