package org.ruralconsult.tv;

/** What the TV asks of the server; the protocol client implements it. Nothing here blocks. */
public interface TvActions {
    void accept(String callId);

    void decline(String callId);

    /** "Call my doctor": rings every on-duty doctor of the patient's township. */
    void callMyDoctor();

    void cancel(String callId);

    void hangUp(String callId);

    /** The patient's evaluation of the consult, 1–5 stars. */
    void rate(String callId, int stars);

    /**
     * Audio only ({@code on}): the TV stops sending its camera and the relay sends it no video; off: the
     * picture both ways again.
     */
    void audioOnly(String callId, boolean on);
}
