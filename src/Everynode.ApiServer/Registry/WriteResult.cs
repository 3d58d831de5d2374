using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Registry;

/// <summary>The object a write produced and its JSON as clients see it (serialized once, resourceVersion included).</summary>
internal sealed record WriteResult(IKubernetesObject<V1ObjectMeta> Object, byte[] Json);
