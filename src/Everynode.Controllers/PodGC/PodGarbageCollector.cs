using Everynode.Client.Informers;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.PodGC;

/// <summary>
/// Upstream's pod garbage collector (podgc): every <see cref="PodGcOptions.CheckPeriod"/>, force-deletes pods that
/// nothing else will clean up. See <see cref="PodGcPass"/>. Timers come from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class PodGarbageCollector
{
    private readonly SharedInformer<k8s.Models.V1Pod> _pods;
    private readonly SharedInformer<k8s.Models.V1Node> _nodes;
    private readonly PodGcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PodGcPass _pass;

    public PodGarbageCollector(SharedInformers informers, PodGcOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _pods = informers.Pods;
        _nodes = informers.Nodes;
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<PodGarbageCollector>();
        _pass = new PodGcPass(_pods.Cache, _nodes.Cache, new KubernetesPodGcControl(informers.Client), options, timeProvider, _logger);
    }

    /// <summary>Waits for the pod and node caches, then runs a pass at once and every check period until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_pods.WaitForSyncAsync(ct), _nodes.WaitForSyncAsync(ct));
            LogStarted(_logger, _options.CheckPeriod, _options.QuarantineTime);
            using var timer = new PeriodicTimer(_options.CheckPeriod, _time);
            do
            {
                await _pass.GcAsync(ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 425, Level = LogLevel.Information, Message = "pod garbage collector: caches synced; checking every {Period}, node quarantine {Quarantine}")]
    private static partial void LogStarted(ILogger logger, TimeSpan period, TimeSpan quarantine);
}
