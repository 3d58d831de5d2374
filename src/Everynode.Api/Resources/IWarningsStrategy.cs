using k8s;
using k8s.Models;

namespace Everynode.Api.Resources;

/// <summary>
/// Optional strategy facet (upstream's WarningsOnCreate / WarningsOnUpdate): advice about an object the server
/// accepts anyway. The server sends each as a <c>Warning: 299</c> response header, which kubectl prints as
/// <c>Warning: …</c>.
/// </summary>
public interface IWarningsStrategy
{
    /// <summary>Warnings about the object a create, update or patch of the main resource produced.</summary>
    IReadOnlyList<string> GetWarnings(IKubernetesObject<V1ObjectMeta> obj);
}
