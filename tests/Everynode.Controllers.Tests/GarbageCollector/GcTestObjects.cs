using k8s.Models;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>Owners and dependents for the garbage collector's unit tests, all in namespace <c>default</c>.</summary>
internal static class GcTestObjects
{
    public const string Ns = "default";

    public static V1DaemonSet DaemonSet(string name, params string[] finalizers) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Ns,
            Uid = name + "-uid",
            ResourceVersion = "7",
            Finalizers = finalizers.Length == 0 ? null : [.. finalizers],
            DeletionTimestamp = finalizers.Length == 0 ? null : new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        },
        Spec = new V1DaemonSetSpec(),
    };

    public static V1OwnerReference RefTo(V1DaemonSet owner, bool block = true) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = block,
    };

    public static V1Pod Pod(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Ns,
            Uid = name + "-uid",
            ResourceVersion = "3",
            OwnerReferences = [.. owners],
        },
        Spec = new V1PodSpec { NodeName = "node-1" },
    };

    public static V1ControllerRevision Revision(string name, params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ControllerRevision",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Ns,
            Uid = name + "-uid",
            ResourceVersion = "4",
            OwnerReferences = [.. owners],
        },
        Revision = 1,
    };

    public static T Terminating<T>(T obj)
        where T : k8s.IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.DeletionTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return obj;
    }
}
