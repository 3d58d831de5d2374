using Everynode.Api.Pods;
using k8s.Models;

namespace Everynode.Api.Tests.Pods;

public sealed class DefaultTolerationSecondsTests
{
    [Fact]
    public void Apply_PodWithoutNoExecuteTolerations_GetsNotReadyAndUnreachableFor300Seconds()
    {
        var spec = new V1PodSpec { Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "gpu", Effect = "NoSchedule" }] };

        DefaultTolerationSeconds.Apply(spec);

        Assert.Equal(
            ["dedicated=gpu:NoSchedule", "node.kubernetes.io/not-ready:NoExecute Exists 300", "node.kubernetes.io/unreachable:NoExecute Exists 300"],
            spec.Tolerations.Select(t => t.Value is null ? $"{t.Key}:{t.Effect} {t.OperatorProperty} {t.TolerationSeconds}" : $"{t.Key}={t.Value}:{t.Effect}"));
    }

    [Fact]
    public void Apply_DaemonPodToleratingBothWithoutLimit_IsLeftAsItIs()
    {
        var spec = new V1PodSpec
        {
            Tolerations =
            [
                new V1Toleration { Key = DefaultTolerationSeconds.NotReadyTaint, OperatorProperty = "Exists", Effect = "NoExecute" },
                new V1Toleration { Key = DefaultTolerationSeconds.UnreachableTaint, OperatorProperty = "Exists", Effect = "NoExecute" },
            ],
        };

        DefaultTolerationSeconds.Apply(spec);

        Assert.Equal(2, spec.Tolerations.Count);
        Assert.All(spec.Tolerations, t => Assert.Null(t.TolerationSeconds));
    }

    [Fact]
    public void Apply_TolerationOfEveryTaint_CoversBoth()
    {
        var spec = new V1PodSpec { Tolerations = [new V1Toleration { OperatorProperty = "Exists" }] };

        DefaultTolerationSeconds.Apply(spec);

        Assert.Single(spec.Tolerations);
    }
}
