using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Events;

/// <summary>Object life cycle rules for Corev1Event (upstream pkg/registry/core/event/strategy.go, core/v1 rules).</summary>
public sealed class EventStrategy : ResourceStrategy<Corev1Event>
{
    public override IReadOnlyList<FieldError> ValidateCreate(Corev1Event obj) => EventValidation.Validate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(Corev1Event obj, Corev1Event old) => EventValidation.Validate(obj);

    public override IReadOnlyDictionary<string, string> GetSelectableFields(Corev1Event obj)
    {
        var fields = MetadataFields(obj);
        var io = obj.InvolvedObject;
        fields["involvedObject.kind"] = io?.Kind ?? "";
        fields["involvedObject.namespace"] = io?.NamespaceProperty ?? "";
        fields["involvedObject.name"] = io?.Name ?? "";
        fields["involvedObject.uid"] = io?.Uid ?? "";
        fields["involvedObject.apiVersion"] = io?.ApiVersion ?? "";
        fields["involvedObject.resourceVersion"] = io?.ResourceVersion ?? "";
        fields["involvedObject.fieldPath"] = io?.FieldPath ?? "";
        fields["reason"] = obj.Reason ?? "";
        fields["reportingComponent"] = obj.ReportingComponent ?? "";
        fields["source"] = obj.Source?.Component ?? "";
        fields["type"] = obj.Type ?? "";
        return fields;
    }
}
