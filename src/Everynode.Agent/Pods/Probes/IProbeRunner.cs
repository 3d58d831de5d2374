using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Pods.Probes;

/// <summary>Runs one probe once; tests substitute scripted outcomes.</summary>
internal interface IProbeRunner
{
    Task<ProbeOutcome> RunAsync(V1Probe probe, V1Container container, IRunningContainer running, string podIP, CancellationToken ct);
}
