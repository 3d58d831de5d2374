using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>Object life cycle rules for V1DaemonSet.</summary>
public sealed class DaemonSetStrategy : ResourceStrategy<V1DaemonSet>
{

}
