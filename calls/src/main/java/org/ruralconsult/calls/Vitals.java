package org.ruralconsult.calls;

/** Vitals entered during a consult; null means not measured. Bounds reject typing slips, not illness. */
public record Vitals(Integer systolic, Integer diastolic, Integer heartRate, Double glucose) {
    void validate() {
        if (systolic == null && diastolic == null && heartRate == null && glucose == null) {
            throw new CallException("invalid", "no vitals given");
        }
        if ((systolic == null) != (diastolic == null)) {
            throw new CallException("invalid", "blood pressure needs both systolic and diastolic");
        }
        check(systolic, 40, 300, "systolic");
        check(diastolic, 20, 200, "diastolic");
        check(heartRate, 20, 250, "heart rate");
        if (glucose != null && (glucose < 0.5 || glucose > 50)) {
            throw new CallException("invalid", "glucose must be between 0.5 and 50 mmol/L");
        }
    }

    private static void check(Integer value, int min, int max, String what) {
        if (value != null && (value < min || value > max)) {
            throw new CallException("invalid", what + " must be between " + min + " and " + max);
        }
    }
}
