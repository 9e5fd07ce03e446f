package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;

/** HAPI's FhirInstanceValidator against the base R4 specification (no IG, no terminology server). */
public final class BaseR4Validator {
    private final FhirContext fhir = FhirContext.forR4();
    private final FhirValidator validator;

    public BaseR4Validator() {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new SnapshotGeneratingValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /** Error and fatal messages only; warnings (e.g. SNOMED not checkable offline) are not failures. */
    public List<SingleValidationMessage> errors(Bundle bundle) {
        return validator.validateWithResult(bundle).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
    }

    public List<SingleValidationMessage> all(Bundle bundle) {
        return validator.validateWithResult(bundle).getMessages();
    }

    public FhirContext fhir() {
        return fhir;
    }
}
