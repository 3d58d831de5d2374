using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.ControllerRevisions;

/// <summary>Object life cycle rules for V1ControllerRevision.</summary>
public sealed class ControllerRevisionStrategy : ResourceStrategy<V1ControllerRevision>
{

}
