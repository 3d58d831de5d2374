using k8s.Models;

namespace Everynode.Client.Tests.Infrastructure;

/// <summary>Minimal valid objects.</summary>
internal static class Objects
{
    public static V1Pod Pod(string name, IDictionary<string, string>? labels = null, V1OwnerReference? controller = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels, OwnerReferences = controller is null ? null : [controller] },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }] },
    };

    public static V1OwnerReference ControllerRef(string uid, string name = "ds") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Name = name,
        Uid = uid,
        Controller = true,
    };

    public static V1Lease Lease(string name, string holder = "node-a") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = 40 },
    };
}
