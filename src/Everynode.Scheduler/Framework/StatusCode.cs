namespace Everynode.Scheduler.Framework;

/// <summary>
/// Upstream framework.Code, the part the built-in filters use. Unschedulable means preemption might help
/// (freeing resources or ports); UnschedulableAndUnresolvable means no amount of preemption will.
/// </summary>
internal enum StatusCode
{
    Success,
    Unschedulable,
    UnschedulableAndUnresolvable,
}
