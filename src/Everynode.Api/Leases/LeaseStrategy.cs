using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Leases;

/// <summary>Object life cycle rules for V1Lease.</summary>
public sealed class LeaseStrategy : ResourceStrategy<V1Lease>
{

}
