namespace Everynode.Api.Scheduling;

/// <summary>The effects a node taint can have (upstream's v1.TaintEffect values).</summary>
public static class TaintEffects
{
    /// <summary>New pods that do not tolerate the taint are not placed on the node.</summary>
    public const string NoSchedule = "NoSchedule";

    /// <summary>As NoSchedule, and pods already on the node that do not tolerate the taint are evicted.</summary>
    public const string NoExecute = "NoExecute";
}
