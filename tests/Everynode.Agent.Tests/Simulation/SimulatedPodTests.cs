using Everynode.Agent.Simulation;
using k8s.Models;

namespace Everynode.Agent.Tests.Simulation;

public sealed class SimulatedPodTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(int readinessDelaySeconds = 0, bool withInit = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "ns", Uid = "uid-1" },
        Spec = new V1PodSpec
        {
            NodeName = "sim-0",
            InitContainers = withInit ? [new V1Container { Name = "setup", Image = "busybox" }] : null,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox:1.36",
                    ReadinessProbe = readinessDelaySeconds == 0 ? null : new V1Probe { InitialDelaySeconds = readinessDelaySeconds, Exec = new V1ExecAction { Command = ["true"] } },
                },
            ],
        },
    };

    [Fact]
    public void StatusAt_BeforeTheStartDelay_IsPendingWithContainerCreating()
    {
        var pod = new SimulatedPod(Pod(), "10.64.0.1", Start, TimeSpan.FromSeconds(2), TimeProvider.System);

        var status = pod.StatusAt(Start + TimeSpan.FromSeconds(1));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("ContainerCreating", status.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Equal("False", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("10.64.0.1", status.HostIP);
        Assert.Equal("10.64.0.1", status.PodIP);
    }

    [Fact]
    public void StatusAt_AfterTheStartDelay_IsRunningAndReady()
    {
        var pod = new SimulatedPod(Pod(), "10.64.0.1", Start, TimeSpan.FromSeconds(2), TimeProvider.System);

        var status = pod.StatusAt(Start + TimeSpan.FromSeconds(2));

        Assert.Equal("Running", status.Phase);
        var container = status.ContainerStatuses.Single();
        Assert.NotNull(container.State.Running);
        Assert.Equal(Start.UtcDateTime + TimeSpan.FromSeconds(2), container.State.Running.StartedAt);
        Assert.True(container.Ready);
        Assert.StartsWith("sha256:", container.ImageID, StringComparison.Ordinal);
        Assert.StartsWith("everynode://", container.ContainerID, StringComparison.Ordinal);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal(Start.UtcDateTime, status.StartTime);
    }

    [Fact]
    public void StatusAt_BeforeTheReadinessProbesInitialDelay_IsRunningButNotReady()
    {
        var pod = new SimulatedPod(Pod(readinessDelaySeconds: 5), "10.64.0.1", Start, TimeSpan.Zero, TimeProvider.System);

        var early = pod.StatusAt(Start + TimeSpan.FromSeconds(4));
        var late = pod.StatusAt(Start + TimeSpan.FromSeconds(5));

        Assert.Equal(Start + TimeSpan.FromSeconds(5), pod.ReadyAt);
        Assert.Equal("Running", early.Phase);
        Assert.False(early.ContainerStatuses.Single().Ready);
        Assert.Equal("ContainersNotReady", early.Conditions.Single(c => c.Type == "Ready").Reason);
        Assert.True(late.ContainerStatuses.Single().Ready);
        Assert.Equal("True", late.Conditions.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public void StatusAt_InitContainers_CompleteWhenTheContainersStart()
    {
        var pod = new SimulatedPod(Pod(withInit: true), "10.64.0.1", Start, TimeSpan.FromSeconds(1), TimeProvider.System);

        var before = pod.StatusAt(Start);
        var after = pod.StatusAt(Start + TimeSpan.FromSeconds(1));

        Assert.Equal("PodInitializing", before.ContainerStatuses.Single().State.Waiting.Reason);
        Assert.Equal("False", before.Conditions.Single(c => c.Type == "Initialized").Status);
        Assert.Equal("Completed", after.InitContainerStatuses.Single().State.Terminated.Reason);
        Assert.Equal("True", after.Conditions.Single(c => c.Type == "Initialized").Status);
        Assert.Equal("Running", after.Phase);
    }

    [Fact]
    public void New_PodWhoseContainersAlreadyRun_IsNotCreatedAgain()
    {
        var running = Pod();
        running.Status = new V1PodStatus
        {
            StartTime = Start.UtcDateTime,
            ContainerStatuses = [new V1ContainerStatus { Name = "main", State = new V1ContainerState { Running = new V1ContainerStateRunning() } }],
        };

        var pod = new SimulatedPod(running, "10.64.0.1", Start + TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5), TimeProvider.System);

        Assert.Equal(Start + TimeSpan.FromMinutes(1), pod.RunningAt);
        Assert.Equal(Start, pod.StartTime);
    }

    [Fact]
    public void Writes_ThatOverlap_AreCoalescedIntoOneMore()
    {
        var pod = new SimulatedPod(Pod(), "10.64.0.1", Start, TimeSpan.Zero, TimeProvider.System);

        Assert.True(pod.TryBeginWrite());
        Assert.False(pod.TryBeginWrite());
        Assert.False(pod.TryBeginWrite());
        Assert.True(pod.EndWrite());  // one more pass for both requests
        Assert.False(pod.EndWrite()); // done
        Assert.True(pod.TryBeginWrite());
    }
}
