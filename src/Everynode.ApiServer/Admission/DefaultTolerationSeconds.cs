using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultTolerationSeconds admission plugin: a pod created without a toleration for the not-ready or
/// unreachable NoExecute taint gets one for 300 s, so that its node going away evicts it after five minutes rather
/// than at once. A toleration with an empty key (Exists) or an empty effect already counts. DaemonSet pods carry
/// unlimited ones from their controller and are left as they are.
/// </summary>
internal static class DefaultTolerationSeconds
{
    public const long Seconds = 300;
    private const string NotReady = "node.kubernetes.io/not-ready";
    private const string Unreachable = "node.kubernetes.io/unreachable";

    /// <summary>Adds the missing default tolerations to a pod being created; other objects pass untouched.</summary>
    public static void Admit(IKubernetesObject<V1ObjectMeta> obj)
    {
        if (obj is not V1Pod { Spec: { } spec })
        {
            return;
        }

        var tolerations = spec.Tolerations ?? [];
        var add = new List<V1Toleration>();
        foreach (var key in new[] { NotReady, Unreachable })
        {
            if (!tolerations.Any(t => (string.IsNullOrEmpty(t.Key) || t.Key == key) && (string.IsNullOrEmpty(t.Effect) || t.Effect == "NoExecute")))
            {
                add.Add(new V1Toleration { Key = key, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = Seconds });
            }
        }

        if (add.Count > 0)
        {
            spec.Tolerations = [.. tolerations, .. add];
        }
    }
}
