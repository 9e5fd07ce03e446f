package org.ruralconsult.domain.event;

/** How a call was started (DESIGN.md core flows). */
public enum CallKind {
    /** A doctor calls a patient's TV. */
    DOCTOR_TO_TV,
    /** Care-home staff start a call for a resident; the township's on-duty doctors are rung. */
    CARE_HOME_FOR_RESIDENT,
    /** An elder presses "call my doctor"; all on-duty doctors of the township are rung. */
    TV_TO_TOWNSHIP,
    /** A practitioner calls a named practitioner. */
    PRACTITIONER_TO_PRACTITIONER
}
