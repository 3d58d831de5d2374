namespace Everynode.Agent.Pods.Probes;

public enum ProbeKind
{
    Startup,
    Liveness,
    Readiness,
}
