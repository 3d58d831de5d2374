using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>Object life cycle rules for V1Pod (upstream pkg/registry/core/pod/strategy.go).</summary>
public sealed class PodStrategy : ResourceStrategy<V1Pod>
{
    /// <summary>
    /// A new Pod starts Pending with its QoS class computed (from the defaulted spec: requests default from limits).
    /// </summary>
    public override void PrepareForCreate(V1Pod obj)
    {
        obj.Status = new V1PodStatus { Phase = "Pending", QosClass = PodQos.Compute(obj.Spec) };
        DefaultTolerationSeconds.Apply(obj.Spec);
    }

    public override void PrepareForUpdate(V1Pod obj, V1Pod old)
    {
        obj.Status = ModelCopy.Clone(old.Status);

        // Upstream's DefaultTolerationSeconds admission runs on updates too: a PUT of a manifest that never listed the
        // defaulted tolerations gets them back instead of failing as "existing toleration can not be modified".
        DefaultTolerationSeconds.Apply(obj.Spec);
    }

    /// <summary>The /status endpoint keeps the spec, the QoS class and (as upstream guards against old kubelets) owner references.</summary>
    public override void PrepareForStatusUpdate(V1Pod obj, V1Pod old)
    {
        obj.Spec = ModelCopy.Clone(old.Spec);
        obj.Metadata ??= new V1ObjectMeta();
        obj.Metadata.OwnerReferences = ModelCopy.Clone(old.Metadata?.OwnerReferences);
        obj.Status ??= new V1PodStatus();
        obj.Status.QosClass = old.Status?.QosClass;
    }

    public override void ApplyDefaults(V1Pod obj) => PodDefaults.Apply(obj);

    public override IReadOnlyList<FieldError> ValidateCreate(V1Pod obj) => PodValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Pod obj, V1Pod old) => PodValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Pod obj, V1Pod old) => PodValidation.ValidateStatusUpdate(obj, old);

    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Pod obj)
    {
        var fields = MetadataFields(obj);
        fields["spec.nodeName"] = obj.Spec?.NodeName ?? "";
        fields["spec.restartPolicy"] = obj.Spec?.RestartPolicy ?? "";
        fields["spec.schedulerName"] = obj.Spec?.SchedulerName ?? "";
        fields["spec.serviceAccountName"] = obj.Spec?.ServiceAccountName ?? "";
        fields["spec.hostNetwork"] = obj.Spec?.HostNetwork == true ? "true" : "false";
        fields["status.phase"] = obj.Status?.Phase ?? "";
        fields["status.podIP"] = obj.Status?.PodIP ?? "";
        fields["status.nominatedNodeName"] = obj.Status?.NominatedNodeName ?? "";
        return fields;
    }
}
