namespace Everynode.Api.Scheduling;

/// <summary>
/// One resource a node lacks for a pod (upstream's noderesources.InsufficientResource): the scheduler reports the
/// <see cref="Reason"/>, the agent's admission the amounts.
/// </summary>
public readonly record struct InsufficientResource(string ResourceName, string Reason, long Requested, long Used, long Capacity);
