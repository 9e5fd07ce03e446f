package org.ruralconsult.resilience;

/**
 * One state of a shaped link, the same in both directions: rate (tc tbf), one-way delay with uniform jitter,
 * and loss, either independent per packet or in bursts by the Gilbert–Elliott model with netem's
 * parameters ({@code loss gemodel p r 1-h 1-k}: P(good→bad), P(bad→good), loss in bad, loss in good).
 */
record Link(
        int rateKbit,
        int delayMs,
        int jitterMs,
        double lossGoodToBad,
        double lossBadToGood,
        double lossInBad,
        double lossInGood) {
    /** No shaping to speak of: 100 Mbit/s, no delay, no loss. */
    static final Link CLEAN = new Link(100_000, 0, 0, 0, 1, 0, 0);

    static Link rate(int kbit) {
        return new Link(kbit, 0, 0, 0, 1, 0, 0);
    }

    /** Independent loss with probability {@code loss} per packet. */
    static Link bernoulli(int kbit, int delayMs, int jitterMs, double loss) {
        return new Link(kbit, delayMs, jitterMs, 0, 1, 0, loss);
    }

    /**
     * Loss in bursts: {@code meanLoss} of the packets on average, in bursts of {@code meanBurst} packets on
     * average (every packet lost in the bad state, none in the good): r = 1 / meanBurst, and p chosen so
     * that the share of time in the bad state, p / (p + r), is {@code meanLoss}.
     */
    static Link bursts(int kbit, int delayMs, int jitterMs, double meanLoss, double meanBurst) {
        double r = 1 / meanBurst;
        double p = meanLoss * r / (1 - meanLoss);
        return new Link(kbit, delayMs, jitterMs, p, r, 1, 0);
    }

    /** The command that sets one direction of {@code linkem} to this state. */
    String linkemCommand(String direction) {
        return String.format(
                java.util.Locale.ROOT,
                "ge %s %d %d %.6f %.6f %.6f %.6f",
                direction,
                delayMs * 1000L,
                jitterMs * 1000L,
                lossGoodToBad,
                lossBadToGood,
                lossInBad,
                lossInGood);
    }

    /** Expected share of packets lost. */
    double meanLoss() {
        double bad = lossGoodToBad + lossBadToGood == 0 ? 0 : lossGoodToBad / (lossGoodToBad + lossBadToGood);
        return bad * lossInBad + (1 - bad) * lossInGood;
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        b.append(rateKbit >= 1000 ? (rateKbit / 1000.0) + " Mbit/s" : rateKbit + " kbit/s");
        if (delayMs > 0) {
            b.append(", ").append(delayMs).append(" ms");
            if (jitterMs > 0) {
                b.append(" ± ").append(jitterMs).append(" ms");
            }
        }
        double loss = meanLoss();
        if (loss > 0) {
            b.append(String.format(java.util.Locale.ROOT, ", %.0f %% loss", loss * 100));
            if (lossInBad > 0 && lossBadToGood < 1) {
                b.append(String.format(
                        java.util.Locale.ROOT, " in bursts (Gilbert–Elliott, mean %.0f packets)", 1 / lossBadToGood));
            }
        }
        return b.toString();
    }
}
