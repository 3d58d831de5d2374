using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>Object life cycle rules for V1Pod.</summary>
public sealed class PodStrategy : ResourceStrategy<V1Pod>
{
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
