using Everynode.Agent.Pods.Probes;
using Everynode.Agent.Runtime;
using Everynode.Client.Events;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Pods;

/// <summary>What every pod worker of one agent shares: the API client, the runtime, the event recorder, backoffs.</summary>
internal sealed class PodWorkerContext
{
    public required IKubernetes Client { get; init; }

    public required IContainerRuntime Runtime { get; init; }

    public required IEventRecorder Events { get; init; }

    public required AgentOptions Options { get; init; }

    public required ILogger Logger { get; init; }

    public required IProbeRunner Probes { get; init; }

    /// <summary>The registered Node (allocatable for admission and resourceFieldRef limits).</summary>
    public required Func<V1Node?> Node { get; init; }

    /// <summary>Reads the Node from the API server, past the watch; null when that fails.</summary>
    public Func<CancellationToken, Task<V1Node?>> FetchNode { get; set; } = _ => Task.FromResult<V1Node?>(null);

    /// <summary>The kubelet's admission of a new pod (set by <see cref="PodWorkers"/>, which knows the admitted pods).</summary>
    public Func<V1Pod, CancellationToken, Task<AdmissionResult>> AdmitPod { get; set; } = (_, _) => Task.FromResult(AdmissionResult.Admitted);

    public TimeProvider Time => Options.TimeProvider;

    public string HostIP => Options.NodeIP.ToString();

    public Backoff CrashLoop { get; init; } = null!;

    public Backoff ImagePull { get; init; } = null!;

    public static PodWorkerContext Create(
        IKubernetes client, IContainerRuntime runtime, IEventRecorder events, AgentOptions options, ILogger logger, IProbeRunner probes, Func<V1Node?> node) => new()
    {
        Client = client,
        Runtime = runtime,
        Events = events,
        Options = options,
        Logger = logger,
        Probes = probes,
        Node = node,
        CrashLoop = Backoff.CrashLoop(options.TimeProvider),
        ImagePull = Backoff.ImagePull(options.TimeProvider),
    };
}
