using Everynode.Controllers.GarbageCollector;
using k8s.Models;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>The attemptToDelete decision as a table: owner states in, plan out.</summary>
public sealed class AttemptToDeletePlannerTests
{
    public static TheoryData<string, bool, string?, string> Cases => new()
    {
        // owners (uid=state), has dependents, own finalizer, expected plan
        { "a=Solid", false, null, "keep" },
        { "a=Unresolvable", false, null, "keep" },
        { "a=Dangling", false, null, "delete Background" },
        { "a=Dangling,b=Dangling", false, null, "delete Background" },
        { "a=Dangling,b=Solid", false, null, "release a" },
        { "a=Dangling,b=Unresolvable", false, null, "release a" },
        { "a=WaitingForDependentsDeletion,b=Solid,c=Dangling", false, null, "release a,c" },
        { "a=WaitingForDependentsDeletion", false, null, "delete Background" },
        { "a=WaitingForDependentsDeletion", true, null, "delete Foreground" },
        { "a=Dangling", true, null, "delete Background" },
        { "a=Dangling", false, "orphan", "delete Orphan" },
        { "a=Dangling", false, "foregroundDeletion", "delete Foreground" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_ReturnsUpstreamsPlan(string owners, bool hasDependents, string? finalizer, string expected)
    {
        var references = owners.Split(',').Select(o => o.Split('='))
            .Select(p => (new V1OwnerReference { Uid = p[0], Name = p[0], Kind = "DaemonSet", ApiVersion = "apps/v1" }, Enum.Parse<OwnerState>(p[1])))
            .ToList();
        var meta = new V1ObjectMeta { Finalizers = finalizer is null ? null : [finalizer] };

        var plan = AttemptToDeletePlanner.Decide(references, hasDependents, meta);

        Assert.Equal(expected, plan switch
        {
            AttemptToDeletePlan.Keep => "keep",
            AttemptToDeletePlan.Delete d => "delete " + d.PropagationPolicy,
            AttemptToDeletePlan.RemoveOwnerReferences r => "release " + string.Join(",", r.OwnerUids),
            _ => "?",
        });
    }
}
