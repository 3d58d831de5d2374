using Everynode.ApiServer;
using Everynode.Client.Connection;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Deployments;
using Everynode.Controllers.Disruption;
using Everynode.Controllers.GarbageCollector;
using Everynode.Controllers.NodeLifecycle;
using Everynode.Controllers.PodGC;
using Everynode.Controllers.ReplicaSets;
using Microsoft.Extensions.Logging;
using SchedulerComponent = Everynode.Scheduler.Scheduler;
using SchedulerOptions = Everynode.Scheduler.SchedulerOptions;

namespace Everynode.Cli.Server;

/// <summary>
/// The controllers and the scheduler, run inside the server process as ordinary API clients over loopback with
/// the admin token (kube-controller-manager and kube-scheduler's role). They share one informer per resource.
/// </summary>
internal sealed partial class ControlPlane : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _running;
    private readonly ILogger _logger;

    private ControlPlane(CancellationTokenSource stop, Task running, ILogger logger)
    {
        _stop = stop;
        _running = running;
        _logger = logger;
    }

    /// <summary>Completes when a component fails (faulted) or the control plane is stopped.</summary>
    public Task Completion => _running;

    public static ControlPlane Start(ApiServerHost server, ControlPlaneOptions options, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var client = KubernetesClientFactory.FromToken(
            new Uri(server.Url), server.CaPem, server.AdminToken, component: "kube-controller-manager", maxConnections: ControlPlaneOptions.MaxConnections);
        // No controller reads managedFields: the caches keep every object without them (a large share of each).
        var informers = new SharedInformers(client, loggerFactory, new InformerOptions { StripManagedFields = true });
        var runs = new List<Func<CancellationToken, Task>>();

        EventRecorder Recorder(string component)
        {
            var recorder = new EventRecorder(client, new EventRecorderOptions { Component = component }, loggerFactory.CreateLogger($"Everynode.Events.{component}"), time);
            runs.Add(recorder.RunAsync);
            return recorder;
        }

        if (options.Controllers.IsEnabled(ControllerSelection.DaemonSet))
        {
            runs.Add(new DaemonSetController(informers, Recorder("daemonset-controller"), new DaemonSetControllerOptions(), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.Scheduler))
        {
            runs.Add(new SchedulerComponent(informers, Recorder("default-scheduler"), new SchedulerOptions(), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.GarbageCollector))
        {
            runs.Add(new GarbageCollector(informers, new GarbageCollectorOptions(), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.PodGc))
        {
            runs.Add(new PodGarbageCollector(informers, options.PodGc, loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.NodeLifecycle))
        {
            runs.Add(new NodeLifecycleController(informers, Recorder("node-controller"), options.NodeLifecycle, loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.TaintEviction))
        {
            runs.Add(new TaintEvictionController(informers, Recorder("taint-eviction-controller"), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.Disruption))
        {
            runs.Add(new DisruptionController(informers, Recorder("controllermanager"), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.ReplicaSet))
        {
            runs.Add(new ReplicaSetController(informers, Recorder("replicaset-controller"), new ReplicaSetControllerOptions(), loggerFactory, time).RunAsync);
        }

        if (options.Controllers.IsEnabled(ControllerSelection.Deployment))
        {
            runs.Add(new DeploymentController(informers, Recorder("deployment-controller"), new DeploymentControllerOptions(), loggerFactory, time).RunAsync);
        }

        var stop = new CancellationTokenSource();
        if (options.LeaderElection is { } election && runs.Count > 0)
        {
            runs = UnderLeaderElection(client, election, runs, informers.RunAsync, loggerFactory, time);
        }
        else if (runs.Count > 0)
        {
            runs.Add(informers.RunAsync);
        }

        var logger = loggerFactory.CreateLogger("Everynode.ControlPlane");
        var running = RunAllAsync(runs, logger, stop);
        return new ControlPlane(stop, running, logger);
    }

    /// <summary>Runs every component; the first to fail stops the others and faults the whole.</summary>
    private static async Task RunAllAsync(List<Func<CancellationToken, Task>> runs, ILogger logger, CancellationTokenSource stop)
    {
        if (runs.Count == 0)
        {
            // Nothing enabled: the control plane idles until stopped.
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        var tasks = runs.Select(run => Task.Run(() => run(stop.Token))).ToList();
        var first = await Task.WhenAny(tasks);
        if (!stop.IsCancellationRequested)
        {
            // Components run until stopped; one that ends on its own, or fails, takes the control plane down loudly.
            var error = first.Exception?.GetBaseException() ?? new InvalidOperationException("a control-plane component stopped on its own");
            LogFailed(logger, error);
            await stop.CancelAsync();
            await Task.WhenAll(tasks).ContinueWith(_ => { }, TaskScheduler.Default);
            throw error;
        }

        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (Exception e) when (e is OperationCanceledException || _running.IsFaulted)
        {
            // Stopping: a failure was already logged and reported through Completion.
        }

        _stop.Dispose();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Critical, Message = "a control-plane component failed; stopping")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
