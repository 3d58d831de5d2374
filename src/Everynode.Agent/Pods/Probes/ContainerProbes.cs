using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Pods.Probes;

/// <summary>
/// The probes of one container run, as upstream's prober workers: the startup probe first (liveness and readiness
/// wait for it), then liveness and readiness side by side, each every periodSeconds after initialDelaySeconds
/// (counted from the container's start). Results are read by the pod worker, which <c>changed</c> wakes.
/// Initial results as upstream: readiness false, liveness true, startup not yet started.
/// </summary>
internal sealed class ContainerProbes : IAsyncDisposable
{
    private readonly V1Container _spec;
    private readonly IRunningContainer _running;
    private readonly string _podIP;
    private readonly IProbeRunner _runner;
    private readonly TimeProvider _time;
    private readonly Action _changed;
    private readonly Action<ProbeKind, string> _failed;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _ready;
    private volatile bool _started;
    private volatile string? _restartMessage;

    public ContainerProbes(
        V1Container spec, IRunningContainer running, string podIP, IProbeRunner runner, TimeProvider time, Action changed, Action<ProbeKind, string> failed)
    {
        _spec = spec;
        _running = running;
        _podIP = podIP;
        _runner = runner;
        _time = time;
        _changed = changed;
        _failed = failed;
        _started = spec.StartupProbe is null;
        _ready = spec.ReadinessProbe is null;
    }

    public bool Ready => _ready && _started;

    public bool Started => _started;

    /// <summary>Set when a liveness or startup probe failed its threshold: the container must be restarted.</summary>
    public string? RestartMessage => _restartMessage;

    /// <summary>Which probe asked for the restart (for the Killing event's wording).</summary>
    public ProbeKind? RestartProbe { get; private set; }

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

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

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        if (_spec.StartupProbe is { } startup && !await RunUntilAsync(ProbeKind.Startup, startup, ct))
        {
            return;
        }

        var loops = new List<Task>();
        if (_spec.LivenessProbe is { } liveness)
        {
            loops.Add(RunUntilAsync(ProbeKind.Liveness, liveness, ct));
        }

        if (_spec.ReadinessProbe is { } readiness)
        {
            loops.Add(RunUntilAsync(ProbeKind.Readiness, readiness, ct));
        }

        await Task.WhenAll(loops);
    }

    /// <summary>
    /// Probes until cancelled. Startup ends (true) on its first success and liveness ends on its failure threshold
    /// (false); readiness runs for the container's whole life.
    /// </summary>
    private async Task<bool> RunUntilAsync(ProbeKind kind, V1Probe probe, CancellationToken ct)
    {
        var state = new ProbeState(kind == ProbeKind.Readiness ? probe.SuccessThreshold ?? 1 : 1, probe.FailureThreshold ?? 3, initialResult: kind == ProbeKind.Liveness);
        var startupFailures = 0;
        var firstAt = _running.StartedAt + TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0));
        var wait = firstAt - _time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct);
        }

        var period = TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
        while (!ct.IsCancellationRequested)
        {
            var outcome = await _runner.RunAsync(probe, _spec, _running, _podIP, ct);
            if (!outcome.Success)
            {
                _failed(kind, outcome.Output);
            }

            switch (kind)
            {
                case ProbeKind.Startup when outcome.Success:
                    _started = true;
                    _changed();
                    return true;
                case ProbeKind.Startup when ++startupFailures >= Math.Max(1, probe.FailureThreshold ?? 3):
                    RequestRestart(kind, outcome.Output);
                    return false;
                case ProbeKind.Liveness when state.Observe(outcome.Success) && !state.Result:
                    RequestRestart(kind, outcome.Output);
                    return false;
                case ProbeKind.Readiness when state.Observe(outcome.Success):
                    _ready = state.Result;
                    _changed();
                    break;
            }

            await Task.Delay(period, _time, ct);
        }

        return false;
    }

    private void RequestRestart(ProbeKind kind, string output)
    {
        RestartProbe = kind;
        _restartMessage = output;
        _changed();
    }
}
