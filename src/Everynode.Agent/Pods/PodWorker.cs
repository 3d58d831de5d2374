using System.Threading.Channels;
using Everynode.Agent.Config;
using Everynode.Agent.Logs;
using Everynode.Agent.Volumes;
using Everynode.Client.Events;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Pods;

/// <summary>
/// Runs one pod, as upstream's pod worker does: one loop per pod, woken by a new version of the pod, a container
/// exit, a probe result or a timer (backoff end), each time syncing level-triggered from what it knows — admit once,
/// set up volumes, run init containers in order then the app containers, restart per restartPolicy with backoff,
/// write the status when it changed. A deletion (deletionTimestamp, or the pod gone from the API) stops the
/// containers gracefully and, for API pods, deletes the object with grace period 0.
/// </summary>
internal sealed partial class PodWorker : IAsyncDisposable
{
    private readonly PodWorkerContext _ctx;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ContainerRecord> _init;
    private readonly List<ContainerRecord> _app;
    private readonly Lock _timerLock = new();
    private volatile V1Pod _pod;
    private volatile bool _removed;
    private Task _loop = Task.CompletedTask;
    private AdmissionResult? _admission;
    private Dictionary<string, string>? _volumes;
    private TimeSpan _volumeRetry = TimeSpan.FromSeconds(1);
    private DateTimeOffset? _startTime;
    private string? _lastStatus;
    private IList<V1PodCondition>? _lastConditions;
    private IList<V1PodCondition>? _writtenConditions;
    private PodConfig? _config;
    private DateTimeOffset _configReadAt;
    private volatile bool _terminal;
    private ITimer? _timer;
    private DateTimeOffset _timerAt = DateTimeOffset.MaxValue;

    public PodWorker(PodWorkerContext ctx, V1Pod pod, bool isStatic)
    {
        _ctx = ctx;
        _pod = pod;
        IsStatic = isStatic;
        Uid = pod.Metadata.Uid;
        Namespace = pod.Metadata.NamespaceProperty ?? "default";
        Name = pod.Metadata.Name;
        PodDirectory = ContainerLogPaths.PodDirectory(ctx.Options.DataDirectory, Namespace, Name, Uid);
        _init = [.. (pod.Spec?.InitContainers ?? []).Select(c => new ContainerRecord(c, isInit: true))];
        _app = [.. (pod.Spec?.Containers ?? []).Select(c => new ContainerRecord(c, isInit: false))];
        RestoreFromStatus(pod.Status);
    }

    public string Uid { get; }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>A static pod (from the manifest folder); its status goes to its mirror pod of the same name.</summary>
    public bool IsStatic { get; }

    public string PodDirectory { get; }

    public V1Pod Pod => _pod;

    /// <summary>Finished (or rejected): no longer counts against the node's resources.</summary>
    public bool IsTerminal => _terminal;

    /// <summary>Completes once the pod is terminated and cleaned up (or the agent stops).</summary>
    public Task Completion => _loop;

    public void Start()
    {
        _loop = Task.Run(() => RunAsync(_stop.Token));
        Wake();
    }

    /// <summary>A newer version of the pod.</summary>
    public void Update(V1Pod pod)
    {
        _pod = pod;
        Wake();
    }

    /// <summary>The pod is gone from its source (deleted from the API, or its manifest file removed).</summary>
    public void Remove()
    {
        _removed = true;
        Wake();
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>The status target was recreated (a new mirror pod): write the status again even if unchanged.</summary>
    public void ResetReportedStatus()
    {
        _lastStatus = null;
        Wake();
    }

    /// <summary>The container with this name (app or init), for the log server.</summary>
    public ContainerRecord? FindContainer(string name) =>
        _app.FirstOrDefault(c => c.Name == name) ?? _init.FirstOrDefault(c => c.Name == name);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        lock (_timerLock)
        {
            _timer?.Dispose();
        }

        foreach (var c in _init.Concat(_app))
        {
            if (c.Probes is { } probes)
            {
                await probes.DisposeAsync();
            }

            c.Log?.Dispose();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct))
        {
            _wake.Reader.TryRead(out _);
            try
            {
                if (await SyncAsync(ct))
                {
                    return;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OperationCanceledException)
            {
                _ctx.Logger.LogWarning(e, "Error syncing pod {Namespace}/{Name} ({Uid}); retrying", Namespace, Name, Uid);
                WakeAt(_ctx.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>One level-triggered pass. Returns true when the pod is finished with for good.</summary>
    private async Task<bool> SyncAsync(CancellationToken ct)
    {
        var pod = _pod;
        await ReapExitsAsync();
        if (_removed || pod.Metadata.DeletionTimestamp is not null)
        {
            await TerminateAsync(pod, ct);
            return true;
        }

        if (_admission is null)
        {
            if (pod.Status?.Phase is "Succeeded" or "Failed")
            {
                // Finished before this agent started: upstream never runs a terminal pod again.
                _admission = AdmissionResult.Admitted;
                _terminal = true;
                return false;
            }

            _admission = await _ctx.AdmitPod(pod, ct);
            if (!_admission.Admit)
            {
                _terminal = true;
                _ctx.Events.Record(pod, EventTypes.Warning, _admission.Reason, _admission.Message);
                await WriteStatusAsync(PodStatusBuilder.Rejected(pod, _admission.Reason, _admission.Message), ct);
                return false;
            }
        }

        if (_terminal)
        {
            return false;
        }

        if (!IsStatic && OverwrittenByOthers(pod.Status?.Conditions, _writtenConditions))
        {
            // As the kubelet's status reconcile: someone else changed conditions this agent owns (the node lifecycle
            // controller marks pods not Ready while the node is unreachable). Transitions count from what the API
            // shows, and the status is written again even if this agent's own view did not change.
            _lastConditions = pod.Status!.Conditions;
            _lastStatus = null;
        }

        var now = _ctx.Time.GetUtcNow();
        _startTime ??= pod.Status?.StartTime is { } started ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc)) : now;
        if (_volumes is null && !await SetUpVolumesAsync(pod, ct))
        {
            await WriteStatusAsync(BuildStatus(pod), ct);
            return false;
        }

        if (_lastStatus is null)
        {
            // First report before anything starts (Pending, ContainerCreating), as the kubelet's first sync does.
            await WriteStatusAsync(BuildStatus(pod), ct);
        }

        ApplySpecChanges(pod);
        RestartUnhealthy(pod);
        await StartWhatShouldRunAsync(pod, ct);

        var status = BuildStatus(pod);
        if (status.Phase is "Succeeded" or "Failed")
        {
            _terminal = true;
        }

        await WriteStatusAsync(status, ct);
        return false;
    }

    private async Task<bool> SetUpVolumesAsync(V1Pod pod, CancellationToken ct)
    {
        try
        {
            _volumes = PodVolumeResolver.SetUp(pod, PodDirectory, await ConfigAsync(pod, ct));
            return true;
        }
        catch (Exception e) when (e is VolumeSetUpException or ContainerConfigException)
        {
            _ctx.Events.Record(pod, EventTypes.Warning, "FailedMount", e.Message);
            WakeAt(_ctx.Time.GetUtcNow() + _volumeRetry);
            _volumeRetry = TimeSpan.FromTicks(Math.Min(_volumeRetry.Ticks * 2, TimeSpan.FromMinutes(2).Ticks));
            return false;
        }
    }

    /// <summary>
    /// The ConfigMaps and Secrets the pod refers to, read again when the last read is older than
    /// <see cref="ConfigFreshness"/> (so an object created or changed after a failed start is seen on the retry).
    /// </summary>
    private async Task<PodConfig> ConfigAsync(V1Pod pod, CancellationToken ct)
    {
        if (PodConfig.References(pod).Count == 0)
        {
            return PodConfig.None(Namespace);
        }

        var now = _ctx.Time.GetUtcNow();
        if (_config is { } cached && now - _configReadAt < ConfigFreshness)
        {
            return cached;
        }

        try
        {
            _config = await PodConfigReader.ReadAsync(_ctx.Client, pod, ct);
            _configReadAt = now;
            return _config;
        }
        catch (Exception e) when (ApiCalls.IsTransient(e))
        {
            throw new ContainerConfigException(ApiCalls.Message(e));
        }
    }

    private static readonly TimeSpan ConfigFreshness = TimeSpan.FromSeconds(5);

    private V1PodStatus BuildStatus(V1Pod pod)
    {
        var status = PodStatusBuilder.Build(new PodStatusInput(pod, _init, _app, _ctx.HostIP, _startTime, _volumes is not null, _ctx.Time.GetUtcNow().UtcDateTime)
        {
            PreviousConditions = _lastConditions,
        });
        _lastConditions = status.Conditions;
        return status;
    }

    /// <summary>
    /// Patches pods/NAME/status with the whole status, only when it differs from the last one written. A strategic
    /// merge patch, as the kubelet sends: conditions merge by type, so ones other components own (DisruptionTarget)
    /// stay.
    /// </summary>
    private async Task WriteStatusAsync(V1PodStatus status, CancellationToken ct)
    {
        var json = KubernetesJson.Serialize(status);
        if (json == _lastStatus)
        {
            return;
        }

        // False: an API pod deleted meanwhile (its removal arrives next), or a mirror pod not created yet.
        if (await PodWrites.WriteStatusAsync(_ctx.Client, Namespace, Name, json, ct))
        {
            _lastStatus = json;
            _writtenConditions = status.Conditions;
        }
    }

    /// <summary>True when the API's conditions disagree with the status of a condition this agent last wrote.</summary>
    internal static bool OverwrittenByOthers(IList<V1PodCondition>? api, IList<V1PodCondition>? written) =>
        api is not null && written is not null
        && written.Any(w => api.FirstOrDefault(a => a.Type == w.Type) is { } a && a.Status != w.Status);

    /// <summary>After an agent restart: continue the restart counts the API already shows.</summary>
    private void RestoreFromStatus(V1PodStatus? status)
    {
        foreach (var s in (status?.InitContainerStatuses ?? []).Concat(status?.ContainerStatuses ?? []))
        {
            var record = _init.Concat(_app).FirstOrDefault(c => c.Name == s.Name);
            if (record is not null && (s.State?.Running is not null || s.State?.Terminated is not null || s.LastState?.Terminated is not null))
            {
                record.RestartCount = s.RestartCount;
                record.EverStarted = true;
            }
        }
    }

    private void TimerFired()
    {
        // Forget the due time first: a timer may fire a little early, and the pass it wakes must be able to set it again.
        lock (_timerLock)
        {
            _timerAt = DateTimeOffset.MaxValue;
        }

        Wake();
    }

    private void WakeAt(DateTimeOffset at)
    {
        lock (_timerLock)
        {
            var now = _ctx.Time.GetUtcNow();
            if (_timerAt > now && _timerAt <= at)
            {
                return; // An earlier wake is already set; it will reschedule what is still due.
            }

            _timerAt = at;
            var due = at - now + TimeSpan.FromMilliseconds(1); // Timers have millisecond resolution; never wake before "at".
            _timer ??= _ctx.Time.CreateTimer(_ => TimerFired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
