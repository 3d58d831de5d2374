using Everynode.Client.Controllers;
using Everynode.Client.Informers;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// Upstream's garbage collector for the resources served here: deletes dependents whose owners are all gone
/// (Background), deletes the dependents of an owner deleted in the Foreground before letting the owner go, and strips
/// ownerReferences from the dependents of an owner deleted with Orphan. The owner graph is the informers' caches,
/// indexed by ownerReference UID. See <see cref="GarbageCollectorSync"/>.
/// </summary>
/// <remarks>Handlers are registered here; the caller starts the shared informers after constructing every component.</remarks>
public sealed class GarbageCollector
{
    private readonly ControllerRunner _runner;

    public GarbageCollector(SharedInformers informers, GarbageCollectorOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var logger = loggerFactory.CreateLogger<GarbageCollector>();
        var graph = OwnerGraph.From(informers);
        ControllerRunner? runner = null;
        void Enqueue(string key) => runner!.Queue.Add(key);
        var sync = new GarbageCollectorSync(graph, new KubernetesGarbageCollectorControl(informers.Client),
            new AbsentOwnerCache(options.AbsentOwnerCacheSize), Enqueue, logger);
        runner = new ControllerRunner(new ControllerRunnerOptions { Name = "garbage-collector", Workers = options.Workers }, sync, logger, timeProvider);
        foreach (var resource in graph.Resources)
        {
            resource.AddEventHandler(new GraphChangeHandler(resource.Type, graph, Enqueue));
            resource.WaitForSyncIn(runner);
        }

        _runner = runner;
    }

    /// <summary>Waits for the informers to sync, then reconciles until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using (_runner)
        {
            await _runner.RunAsync(ct);
        }
    }
}
