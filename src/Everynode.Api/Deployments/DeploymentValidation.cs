using Everynode.Api.DaemonSets;
using Everynode.Api.Models;
using Everynode.Api.ReplicaSets;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Deployments;

/// <summary>apps/v1 Deployment validation with upstream's messages and paths (ValidateDeploymentSpec, ValidateDeploymentStatus).</summary>
public static class DeploymentValidation
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath Status = FieldPath.Root("status");

    public static List<FieldError> ValidateCreate(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var errs = ObjectMetaValidation.ValidateCreate(deployment.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        var spec = deployment.Spec ?? new V1DeploymentSpec();
        errs.AddRange(FieldErrors.NonNegative(spec.Replicas ?? 0, Spec.Child("replicas")));
        errs.AddRange(ReplicaSetValidation.ValidateSelectorAndTemplate(spec.Selector, spec.Template, Spec));
        errs.AddRange(ValidateStrategy(spec.Strategy, Spec.Child("strategy")));
        var minReadySeconds = spec.MinReadySeconds ?? 0;
        errs.AddRange(FieldErrors.NonNegative(minReadySeconds, Spec.Child("minReadySeconds")));
        errs.AddRange(FieldErrors.NonNegative(spec.RevisionHistoryLimit, Spec.Child("revisionHistoryLimit")));
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            var path = Spec.Child("progressDeadlineSeconds");
            errs.AddRange(FieldErrors.NonNegative(deadline, path));
            if (deadline <= minReadySeconds)
            {
                errs.Add(FieldError.Invalid(path.Value, deadline, "must be greater than minReadySeconds"));
            }
        }

        return errs;
    }

    /// <summary>apps/v1 also keeps the selector immutable (upstream's strategy adds that check for the apps group).</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(V1Deployment deployment, V1Deployment old)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ValidateCreate(deployment);
        errs.AddRange(ObjectMetaValidation.ValidateUpdate(deployment.Metadata, old.Metadata));
        errs.AddRange(FieldErrors.Immutable(!SemanticEquality.AreEqual(deployment.Spec?.Selector, old.Spec?.Selector),
            Spec.Child("selector"), GoValue.LabelSelector(deployment.Spec?.Selector)));
        return FieldErrors.Distinct(errs);
    }

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(V1Deployment deployment, V1Deployment old)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ObjectMetaValidation.ValidateUpdate(deployment.Metadata, old.Metadata);
        var s = deployment.Status ?? new V1DeploymentStatus();
        var replicas = s.Replicas ?? 0;
        var updated = s.UpdatedReplicas ?? 0;
        var ready = s.ReadyReplicas ?? 0;
        var available = s.AvailableReplicas ?? 0;
        errs.AddRange(FieldErrors.NonNegative(s.ObservedGeneration ?? 0, Status.Child("observedGeneration")));
        errs.AddRange(FieldErrors.NonNegative(replicas, Status.Child("replicas")));
        errs.AddRange(FieldErrors.NonNegative(updated, Status.Child("updatedReplicas")));
        errs.AddRange(FieldErrors.NonNegative(ready, Status.Child("readyReplicas")));
        errs.AddRange(FieldErrors.NonNegative(available, Status.Child("availableReplicas")));
        errs.AddRange(FieldErrors.NonNegative(s.UnavailableReplicas ?? 0, Status.Child("unavailableReplicas")));
        errs.AddRange(FieldErrors.NonNegative(s.CollisionCount, Status.Child("collisionCount")));
        if (updated > replicas)
        {
            errs.Add(FieldError.Invalid(Status.Child("updatedReplicas").Value, updated, "cannot be greater than status.replicas"));
        }

        errs.AddRange(ReplicaSetValidation.ReplicaCounts(replicas, ready, available, Status));
        var oldCount = old.Status?.CollisionCount;
        if (oldCount is not null && (s.CollisionCount is null || s.CollisionCount < oldCount))
        {
            errs.Add(FieldError.Invalid(Status.Child("collisionCount").Value, s.CollisionCount ?? 0, "cannot be decremented"));
        }

        return errs;
    }

    private static List<FieldError> ValidateStrategy(V1DeploymentStrategy? strategy, FieldPath path)
    {
        var rollingUpdatePath = path.Child("rollingUpdate");
        switch (strategy?.Type)
        {
            case "Recreate":
                return strategy.RollingUpdate is null
                    ? []
                    : [FieldError.Forbidden(rollingUpdatePath.Value, "may not be specified when strategy `type` is 'Recreate'")];
            case "RollingUpdate":
                return strategy.RollingUpdate is null
                    ? [FieldError.Required(rollingUpdatePath.Value, "this should be defaulted and never be nil")]
                    : ValidateRollingUpdate(strategy.RollingUpdate, rollingUpdatePath);
            default:
                return [FieldError.NotSupported(path.Value, new FieldError.Verbatim(GoStrategy(strategy)), ["Recreate", "RollingUpdate"])];
        }
    }

    private static List<FieldError> ValidateRollingUpdate(V1RollingUpdateDeployment rollingUpdate, FieldPath path)
    {
        var maxUnavailablePath = path.Child("maxUnavailable");
        var errs = new List<FieldError>();
        errs.AddRange(DaemonSetValidation.ValidatePositiveIntOrPercent(rollingUpdate.MaxUnavailable, maxUnavailablePath));
        errs.AddRange(DaemonSetValidation.ValidatePositiveIntOrPercent(rollingUpdate.MaxSurge, path.Child("maxSurge")));
        if (DaemonSetValidation.IntOrPercentValue(rollingUpdate.MaxUnavailable) == 0 && DaemonSetValidation.IntOrPercentValue(rollingUpdate.MaxSurge) == 0)
        {
            errs.Add(FieldError.Invalid(maxUnavailablePath.Value, GoValue.IntOrString(rollingUpdate.MaxUnavailable), "may not be 0 when `maxSurge` is 0"));
        }

        errs.AddRange(DaemonSetValidation.NotMoreThan100Percent(rollingUpdate.MaxUnavailable, maxUnavailablePath));
        return errs;
    }

    // Go's %#v of the internal strategy struct; a set rollingUpdate pointer prints as an address upstream.
    private static string GoStrategy(V1DeploymentStrategy? strategy) =>
        $"apps.DeploymentStrategy{{Type:{FieldError.Quote(strategy?.Type ?? "")}, RollingUpdate:(*apps.RollingUpdateDeployment)({(strategy?.RollingUpdate is null ? "nil" : "0xc000000000")})}}";
}
