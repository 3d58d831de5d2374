using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>One step of a plan: set this ReplicaSet's spec.replicas to <see cref="Replicas"/>.</summary>
public sealed record ReplicaSetScale(V1ReplicaSet ReplicaSet, int Replicas);
