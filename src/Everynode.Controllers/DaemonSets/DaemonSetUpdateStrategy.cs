using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Reads the update strategy: which type, and maxSurge / maxUnavailable scaled to a node count.</summary>
public static class DaemonSetUpdateStrategy
{
    public const string RollingUpdate = "RollingUpdate";
    public const string OnDelete = "OnDelete";

    public static bool IsRollingUpdate(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return ds.Spec?.UpdateStrategy?.Type == RollingUpdate;
    }

    /// <summary>Upstream's AllowsSurge: a RollingUpdate whose maxSurge scales to more than 0 (percentages round up).</summary>
    public static bool AllowsSurge(V1DaemonSet ds) => SurgeCount(ds, 1) is > 0;

    /// <summary>maxSurge scaled to <paramref name="numberToSchedule"/>; 0 unless RollingUpdate; null when unparseable.</summary>
    public static int? SurgeCount(V1DaemonSet ds, int numberToSchedule)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var rollingUpdate = ds.Spec?.UpdateStrategy?.RollingUpdate;
        if (!IsRollingUpdate(ds) || rollingUpdate?.MaxSurge is null)
        {
            return 0;
        }

        return IntOrPercent.GetScaledValue(rollingUpdate.MaxSurge, numberToSchedule, roundUp: true);
    }

    /// <summary>maxUnavailable scaled to <paramref name="numberToSchedule"/>; 0 unless RollingUpdate; null when unparseable.</summary>
    public static int? UnavailableCount(V1DaemonSet ds, int numberToSchedule)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var rollingUpdate = ds.Spec?.UpdateStrategy?.RollingUpdate;
        if (!IsRollingUpdate(ds) || rollingUpdate?.MaxUnavailable is null)
        {
            return 0;
        }

        return IntOrPercent.GetScaledValue(rollingUpdate.MaxUnavailable, numberToSchedule, roundUp: true);
    }
}
