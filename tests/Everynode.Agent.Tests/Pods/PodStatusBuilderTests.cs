using Everynode.Agent.Pods;
using Everynode.Agent.Runtime;
using Everynode.Agent.Runtime.Simulated;
using k8s.Models;

namespace Everynode.Agent.Tests.Pods;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData("Always", "running", "Running")]
    [InlineData("Always", "exited0", "Running")]
    [InlineData("Always", "waiting", "Pending")]
    [InlineData("Always", "crashloop", "Running")]
    [InlineData("OnFailure", "exited0", "Succeeded")]
    [InlineData("OnFailure", "exited1", "Running")]
    [InlineData("Never", "exited0", "Succeeded")]
    [InlineData("Never", "exited1", "Failed")]
    public void Phase_OfOneAppContainer_IsUpstreams(string policy, string state, string phase) =>
        Assert.Equal(phase, PodStatusBuilder.Phase(policy, [], [Status(state)]));

    [Theory]
    [InlineData("Never", "exited1", "Failed")]
    [InlineData("OnFailure", "crashloop", "Pending")]
    [InlineData("Always", "running", "Pending")]
    [InlineData("Always", "exited0", "Running")]
    public void Phase_WithAnInitContainer_IsUpstreams(string policy, string initState, string phase)
    {
        var app = initState == "exited0" ? Status("running") : Status("waiting");
        Assert.Equal(phase, PodStatusBuilder.Phase(policy, [Status(initState)], [app]));
    }

    [Fact]
    public async Task Build_RunningReadyContainer_GivesReadyConditionsAndIPs()
    {
        var pod = Pod();
        var c = new ContainerRecord(pod.Spec.Containers[0], isInit: false);
        await using var running = await new SimulatedRuntime(null, _time).StartContainerAsync(Launch(), CancellationToken.None);
        c.Running = running;
        c.ImageId = "sha256:abc";
        var status = PodStatusBuilder.Build(new PodStatusInput(pod, [], [c], "10.0.0.7", _time.GetUtcNow(), true, Now));

        Assert.Equal("Running", status.Phase);
        Assert.Equal("10.0.0.7", status.PodIP);
        Assert.Equal("10.0.0.7", status.HostIP);
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"], status.Conditions.Select(x => x.Type));
        Assert.All(status.Conditions, x => Assert.Equal("True", x.Status));
        var cs = Assert.Single(status.ContainerStatuses);
        Assert.True(cs.Ready);
        Assert.True(cs.Started);
        Assert.Equal("everynode://" + running.Id, cs.ContainerID);
        Assert.NotNull(cs.State.Running);
    }

    [Fact]
    public void Build_CrashLoopingContainer_ShowsWaitingWithLastStateAndUnreadyConditions()
    {
        var pod = Pod();
        var c = new ContainerRecord(pod.Spec.Containers[0], isInit: false)
        {
            RestartCount = 2,
            WaitingReason = "CrashLoopBackOff",
            WaitingMessage = "back-off 20s restarting failed container=main pod=p_ns(u)",
        };
        c.Ended(new TerminatedRun(new ContainerExit(1, 0, _time.GetUtcNow(), "Error"), _time.GetUtcNow().AddSeconds(-1), "abc"));
        var status = PodStatusBuilder.Build(new PodStatusInput(pod, [], [c], "10.0.0.7", _time.GetUtcNow(), true, Now));

        Assert.Equal("Running", status.Phase);
        var ready = status.Conditions.Single(x => x.Type == "Ready");
        Assert.Equal("False", ready.Status);
        Assert.Equal("ContainersNotReady", ready.Reason);
        Assert.Equal("containers with unready status: [main]", ready.Message);
        var cs = status.ContainerStatuses.Single();
        Assert.Equal("CrashLoopBackOff", cs.State.Waiting.Reason);
        Assert.Equal(1, cs.LastState.Terminated.ExitCode);
        Assert.Equal("everynode://abc", cs.LastState.Terminated.ContainerID);
        Assert.Equal(2, cs.RestartCount);
    }

    [Fact]
    public void Build_WhileInitRuns_AppWaitsPodInitializing_AndInitializedIsFalse()
    {
        var pod = Pod();
        pod.Spec.InitContainers = [new V1Container { Name = "setup", Image = "busybox" }];
        var init = new ContainerRecord(pod.Spec.InitContainers[0], isInit: true);
        var app = new ContainerRecord(pod.Spec.Containers[0], isInit: false);
        var status = PodStatusBuilder.Build(new PodStatusInput(pod, [init], [app], "10.0.0.7", null, true, Now));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("PodInitializing", status.ContainerStatuses.Single().State.Waiting.Reason);
        var initialized = status.Conditions.Single(x => x.Type == "Initialized");
        Assert.Equal("False", initialized.Status);
        Assert.Equal("containers with incomplete status: [setup]", initialized.Message);
    }

    [Fact]
    public void Build_KeepsTransitionTimesWhileAConditionDoesNotChange()
    {
        var pod = Pod();
        var c = new ContainerRecord(pod.Spec.Containers[0], isInit: false);
        var first = PodStatusBuilder.Build(new PodStatusInput(pod, [], [c], "10.0.0.7", null, true, Now));
        var second = PodStatusBuilder.Build(new PodStatusInput(pod, [], [c], "10.0.0.7", null, true, Now.AddMinutes(1)) { PreviousConditions = first.Conditions });
        Assert.Equal(first.Conditions.Select(x => x.LastTransitionTime), second.Conditions.Select(x => x.LastTransitionTime));
    }

    [Fact]
    public void Rejected_IsFailedWithUpstreamsMessagePrefix()
    {
        var status = PodStatusBuilder.Rejected(Pod(), "OutOfcpu", "Node didn't have enough resource: cpu, requested: 4000, used: 0, capacity: 2000");
        Assert.Equal("Failed", status.Phase);
        Assert.Equal("OutOfcpu", status.Reason);
        Assert.Equal("Pod was rejected: Node didn't have enough resource: cpu, requested: 4000, used: 0, capacity: 2000", status.Message);
    }

    private static V1Pod Pod() => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "u" },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };

    private static ContainerLaunch Launch() => new()
    {
        PodUid = "u",
        PodNamespace = "ns",
        PodName = "p",
        ContainerName = "main",
        Attempt = 0,
        Image = new ImageConfig("busybox", "sha256:abc", [], ["sh"], [], null),
        Argv = ["sh"],
        Environment = [],
        WorkingDirectory = "/",
        Mounts = [],
        Hostname = "p",
        Output = new NullOutput(),
    };

    private static V1ContainerStatus Status(string state) => state switch
    {
        "running" => new V1ContainerStatus { State = new V1ContainerState { Running = new V1ContainerStateRunning() } },
        "waiting" => new V1ContainerStatus { State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } } },
        "crashloop" => new V1ContainerStatus
        {
            State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } },
            LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1 } },
        },
        "exited0" => new V1ContainerStatus { State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } } },
        "exited1" => new V1ContainerStatus { State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1 } } },
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private sealed class NullOutput : IContainerOutput
    {
        public void WriteLine(OutputStreamKind stream, ReadOnlySpan<byte> line, bool unterminated)
        {
        }
    }
}
