using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.Tests.Tables;

/// <summary>The STATUS / READY / RESTARTS derivation of <c>kubectl get pods</c>, rule by rule (upstream's printPod).</summary>
public sealed class PodSummaryTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static V1ContainerState Running => new() { Running = new V1ContainerStateRunning() };

    private static V1ContainerState Waiting(string reason) => new() { Waiting = new V1ContainerStateWaiting { Reason = reason } };

    private static V1ContainerState Terminated(int exitCode, string? reason = null, int? signal = null) =>
        new() { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, Signal = signal } };

    private static V1ContainerStatus Status(string name, V1ContainerState state, bool ready = false, int restarts = 0) =>
        new() { Name = name, Image = "img", ImageID = "", State = state, Ready = ready, RestartCount = restarts };

    private static V1Pod Pod(string phase, V1ContainerStatus[] containers, V1ContainerStatus[]? inits = null, int initSpecs = 0, string? reason = null, V1PodCondition[]? conditions = null, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", DeletionTimestamp = deleting ? Now : null },
        Spec = new V1PodSpec
        {
            Containers = [.. containers.Select(c => new V1Container { Name = c.Name, Image = "img" })],
            InitContainers = [.. Enumerable.Range(0, initSpecs).Select(i => new V1Container { Name = $"init{i}", Image = "img" })],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            Reason = reason,
            ContainerStatuses = containers,
            InitContainerStatuses = inits ?? [],
            Conditions = conditions ?? [],
        },
    };

    public static TheoryData<string, V1Pod, string, string> Cases() => new()
    {
        { "phase when nothing else is known", Pod("Pending", []), "Pending", "0/0" },
        { "status.reason overrides the phase", Pod("Failed", [], reason: "Evicted"), "Evicted", "0/0" },
        { "the first container's waiting reason wins", Pod("Running", [Status("a", Waiting("ImagePullBackOff")), Status("b", Waiting("ErrImagePull"))]), "ImagePullBackOff", "0/2" },
        { "terminated without reason shows the signal", Pod("Running", [Status("a", Terminated(137, signal: 9))]), "Signal:9", "0/1" },
        { "terminated without reason or signal shows the exit code", Pod("Running", [Status("a", Terminated(3))]), "ExitCode:3", "0/1" },
        { "completed with a running ready container and Ready condition is Running", Pod("Running", [Status("a", Terminated(0, "Completed")), Status("b", Running, ready: true)], conditions: [new V1PodCondition { Type = "Ready", Status = "True" }]), "Running", "1/2" },
        { "completed with a running ready container but not Ready is NotReady", Pod("Running", [Status("a", Terminated(0, "Completed")), Status("b", Running, ready: true)]), "NotReady", "1/2" },
        { "a running container that is not ready is not counted", Pod("Running", [Status("a", Running, ready: false)]), "Running", "0/1" },
        { "init container failing with a reason", Pod("Pending", [Status("a", Waiting("PodInitializing"))], [Status("init0", Terminated(1, "Error"))], initSpecs: 1), "Init:Error", "0/1" },
        { "init container killed by a signal", Pod("Pending", [], [Status("init0", Terminated(1, signal: 15))], initSpecs: 1), "Init:Signal:15", "0/0" },
        { "second of two init containers running", Pod("Pending", [], [Status("init0", Terminated(0, "Completed")), Status("init1", Running)], initSpecs: 2), "Init:1/2", "0/0" },
        { "deleting a running pod is Terminating", Pod("Running", [Status("a", Running, ready: true)], deleting: true), "Terminating", "1/1" },
        { "deleting a finished pod keeps its status", Pod("Succeeded", [Status("a", Terminated(0, "Completed"))], deleting: true), "Completed", "0/1" },
        { "deleting a pod whose node was lost is Unknown", Pod("Running", [Status("a", Running, ready: true)], reason: "NodeLost", deleting: true), "Unknown", "1/1" },
        { "scheduling gates win over the phase", Pod("Pending", [], conditions: [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "SchedulingGated" }]), "SchedulingGated", "0/0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_DerivesStatusAndReadyAsUpstream(string rule, V1Pod pod, string status, string ready)
    {
        var summary = PodSummary.Of(pod);
        Assert.True(status == summary.Status, $"{rule}: expected {status}, got {summary.Status}");
        Assert.Equal(ready, $"{summary.ReadyContainers}/{summary.TotalContainers}");
    }

    [Fact]
    public void Restarts_WithoutTerminationTime_IsTheBareCount()
    {
        var pod = Pod("Running", [Status("a", Running, ready: true, restarts: 4)]);
        Assert.Equal("4", PodSummary.Of(pod).RestartsCell(Now));
    }

    [Fact]
    public void Restarts_SumAllContainersAndShowTheLatestTermination()
    {
        var a = Status("a", Running, ready: true, restarts: 1);
        a.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddHours(-1) } };
        var b = Status("b", Running, ready: true, restarts: 2);
        b.LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 1, FinishedAt = Now.AddMinutes(-5) } };
        Assert.Equal("3 (5m ago)", PodSummary.Of(Pod("Running", [a, b])).RestartsCell(Now));
    }

    [Fact]
    public void Restarts_OfFinishedInitContainers_AreNotCountedOnceInitialized()
    {
        var pod = Pod("Running", [Status("a", Running, ready: true)], [Status("init0", Terminated(0, "Completed"), restarts: 2)], initSpecs: 1);
        Assert.Equal("0", PodSummary.Of(pod).RestartsCell(Now));
    }
}
