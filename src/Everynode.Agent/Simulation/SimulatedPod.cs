using Everynode.Agent.Pods;
using Everynode.Agent.Runtime;
using Everynode.Agent.Runtime.Simulated;
using k8s.Models;

namespace Everynode.Agent.Simulation;

/// <summary>
/// One pod bound to a simulated node, with the timing of its simulated life: containers created at
/// <see cref="RunningAt"/> (ContainerCreating until then), Ready at <see cref="ReadyAt"/> (after the readiness and
/// startup probes' initial delays, as probing would find them), running until the pod is deleted. Its status is
/// computed by the agent's own <see cref="PodStatusBuilder"/> from container records, at any moment.
/// </summary>
/// <remarks>Writes of one pod never overlap: <see cref="TryBeginWrite"/>/<see cref="EndWrite"/> coalesce requests
/// that arrive while a write is under way into one more write.</remarks>
internal sealed class SimulatedPod
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private bool _writing;
    private bool _dirty;

    public SimulatedPod(V1Pod pod, string hostIP, DateTimeOffset now, TimeSpan startDelay, TimeProvider time)
    {
        Pod = pod;
        HostIP = hostIP;
        _time = time;
        StartTime = pod.Status?.StartTime is { } started ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)) : now;

        // A pod whose containers already run (the simulator restarted) is not created again.
        var alreadyRunning = pod.Status?.ContainerStatuses?.Any(c => c.State?.Running is not null) == true;
        RunningAt = alreadyRunning ? now : now + startDelay;
        ReadyAt = RunningAt + ReadinessDelay(pod);
    }

    /// <summary>The newest version of the pod seen.</summary>
    public V1Pod Pod { get; set; }

    public string Uid => Pod.Metadata.Uid;

    public string HostIP { get; }

    public DateTimeOffset StartTime { get; }

    public DateTimeOffset RunningAt { get; }

    public DateTimeOffset ReadyAt { get; }

    /// <summary>
    /// A digest of the status JSON last written, to write only changes; a digest rather than the JSON, since the
    /// simulator keeps one per pod of every simulated node.
    /// </summary>
    public UInt128? LastStatusDigest { get; set; }

    /// <summary>The conditions last written (their transition times are kept).</summary>
    public IList<V1PodCondition>? LastConditions { get; set; }

    /// <summary>True once the pod is gone from the API (or its deletion confirmed): nothing more to write.</summary>
    public bool Removed { get; set; }

    /// <summary>True once Ready was written, so the fleet reports it once.</summary>
    public bool ReadyReported { get; set; }

    public bool Deleting => Pod.Metadata.DeletionTimestamp is not null;

    /// <summary>How long after its containers start a pod becomes Ready: its probes' initial delays (the longest container's).</summary>
    public static TimeSpan ReadinessDelay(V1Pod pod) => TimeSpan.FromSeconds(
        pod.Spec?.Containers?.Max(c => (c.StartupProbe?.InitialDelaySeconds ?? 0) + (c.ReadinessProbe?.InitialDelaySeconds ?? 0)) ?? 0);

    /// <summary>Starts a write unless one is under way (then it is marked to run once more). True: the caller writes.</summary>
    public bool TryBeginWrite()
    {
        lock (_lock)
        {
            if (_writing)
            {
                _dirty = true;
                return false;
            }

            _writing = true;
            _dirty = false;
            return true;
        }
    }

    /// <summary>Ends a write; true when another was asked for meanwhile (the caller writes again).</summary>
    public bool EndWrite()
    {
        lock (_lock)
        {
            if (_dirty && !Removed)
            {
                _dirty = false;
                return true;
            }

            _writing = false;
            return false;
        }
    }

    /// <summary>Ends a write that failed; a later request starts a new one.</summary>
    public void AbandonWrite()
    {
        lock (_lock)
        {
            _writing = false;
        }
    }

    /// <summary>The status a kubelet would report at <paramref name="now"/>.</summary>
    public V1PodStatus StatusAt(DateTimeOffset now)
    {
        var running = now >= RunningAt;
        var ready = now >= ReadyAt;
        var init = (Pod.Spec?.InitContainers ?? []).Select(c => Record(c, isInit: true, running, ready)).ToList();
        var app = (Pod.Spec?.Containers ?? []).Select(c => Record(c, isInit: false, running, ready)).ToList();
        var status = PodStatusBuilder.Build(new PodStatusInput(Pod, init, app, HostIP, StartTime, SandboxReady: true, now.UtcDateTime)
        {
            PreviousConditions = LastConditions,
        });
        return status;
    }

    private ContainerRecord Record(V1Container spec, bool isInit, bool running, bool ready)
    {
        var record = new ContainerRecord(spec, isInit) { ImageId = SimulatedRuntime.ImageId(spec.Image ?? spec.Name) };
        if (!running)
        {
            return record;
        }

        record.EverStarted = true;
        var id = SimulatedRuntime.ContainerId(Uid, spec.Name, 0, 0);
        if (isInit)
        {
            // Init containers of a simulated pod complete at once, successfully.
            record.Ended(new TerminatedRun(new ContainerExit(0, 0, RunningAt, "Completed"), RunningAt, id));
        }
        else
        {
            record.Running = new SimulatedContainer(id, _time, RunningAt);
            record.SimulatedReady = ready;
        }

        return record;
    }

    /// <summary>The first 128 bits of the SHA-256 of a status JSON's UTF-8 bytes.</summary>
    public static UInt128 Digest(string json)
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
