using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

/// <summary>The filter's use of the matching and its message; the matching itself is Everynode.Api.Tests/Scheduling/TolerationsTests.</summary>
public class TaintTolerationTests
{
    private static V1Taint Taint(string key, string? value, string effect) => new() { Key = key, Value = value, Effect = effect };

    private static V1Toleration Tol(string? key, string? op, string? value, string? effect) =>
        new() { Key = key, OperatorProperty = op, Value = value, Effect = effect };

    public static TheoryData<string, V1Taint[], V1Toleration[], string?> Cases => new()
    {
        { "no taints", [], [], null },
        { "untolerated NoSchedule", [Taint("dedicated", "gpu", "NoSchedule")], [], "node(s) had untolerated taint {dedicated: gpu}" },
        { "untolerated NoExecute", [Taint("k", "v", "NoExecute")], [], "node(s) had untolerated taint {k: v}" },
        { "tolerated", [Taint("k", "v", "NoSchedule")], [Tol("k", "Equal", "v", "NoSchedule")], null },
        { "PreferNoSchedule is ignored", [Taint("k", "v", "PreferNoSchedule")], [], null },
        { "empty value prints empty", [Taint("node.kubernetes.io/not-ready", null, "NoSchedule")], [], "node(s) had untolerated taint {node.kubernetes.io/not-ready: }" },
        {
            "first untolerated taint in node order is named",
            [Taint("a", "1", "NoSchedule"), Taint("b", "2", "NoSchedule"), Taint("c", "3", "NoSchedule")],
            [Tol("a", "Exists", null, null)],
            "node(s) had untolerated taint {b: 2}"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_RejectsTheFirstUntoleratedNoScheduleOrNoExecuteTaint(string name, V1Taint[] taints, V1Toleration[] tolerations, string? reason)
    {
        _ = name;
        var status = new TaintToleration().Filter(Make.State(Make.Pod("p").WithTolerations(tolerations)), Make.Info(Make.Node("n1").WithTaints(taints)));
        if (reason is null)
        {
            Assert.True(status.IsSuccess);
        }
        else
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
            Assert.Equal([reason], status.Reasons);
        }
    }
}
