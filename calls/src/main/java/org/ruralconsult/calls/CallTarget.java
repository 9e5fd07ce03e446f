package org.ruralconsult.calls;

/** Whom a new call rings (DESIGN.md core flows 1–3). */
public sealed interface CallTarget {
    /** A doctor calls a patient's TV. */
    record PatientTv(String patientId) implements CallTarget {}

    /** A named practitioner. */
    record Practitioner(String practitionerId) implements CallTarget {}

    /** A TV's "call my doctor": every on-duty, online doctor of the patient's township; first to answer takes it. */
    record OnDutyDoctors() implements CallTarget {}

    /**
     * Care-home staff call for a resident: the resident's TV joins (answers by itself where the care home
     * allows it, else rings) and the township's on-duty doctors are rung.
     */
    record Resident(String patientId) implements CallTarget {}
}
