package org.ruralconsult.tv;

import java.util.List;

/** What the app asked the server, as short lines ("accept c1", "rate c1 4") in the list it is given. */
public final class RecordedActions implements TvActions {
    private final List<String> asked;

    public RecordedActions(List<String> asked) {
        this.asked = asked;
    }

    @Override
    public void accept(String callId) {
        asked.add("accept " + callId);
    }

    @Override
    public void decline(String callId) {
        asked.add("decline " + callId);
    }

    @Override
    public void callMyDoctor() {
        asked.add("call my doctor");
    }

    @Override
    public void cancel(String callId) {
        asked.add("cancel " + callId);
    }

    @Override
    public void hangUp(String callId) {
        asked.add("hang up " + callId);
    }

    @Override
    public void rate(String callId, int stars) {
        asked.add("rate " + callId + " " + stars);
    }

    @Override
    public void audioOnly(String callId, boolean on) {
        asked.add("audio only " + callId + " " + on);
    }
}
