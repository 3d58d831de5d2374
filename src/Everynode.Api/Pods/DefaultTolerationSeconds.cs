using k8s.Models;

namespace Everynode.Api.Pods;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission: a new pod that does not already tolerate the
/// <c>node.kubernetes.io/not-ready</c> or <c>node.kubernetes.io/unreachable</c> NoExecute taint (by key, or by an
/// empty key, with effect NoExecute or any effect) gets a toleration for it of 300 seconds, so its pods leave a
/// failed node after five minutes. DaemonSet pods already tolerate both without limit and keep that.
/// </summary>
public static class DefaultTolerationSeconds
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const long Seconds = 300;

    public static void Apply(V1PodSpec? spec)
    {
        if (spec is null)
        {
            return;
        }

        var tolerations = spec.Tolerations ?? [];
        var missing = new[] { NotReadyTaint, UnreachableTaint }.Where(key => !tolerations.Any(t => ToleratesNoExecute(t, key))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        spec.Tolerations = [.. tolerations, .. missing.Select(key => new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = Seconds })];
    }

    private static bool ToleratesNoExecute(V1Toleration toleration, string key) =>
        (string.IsNullOrEmpty(toleration.Key) || toleration.Key == key) && (string.IsNullOrEmpty(toleration.Effect) || toleration.Effect == "NoExecute");
}
