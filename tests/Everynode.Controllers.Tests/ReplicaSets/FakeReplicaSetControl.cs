using Everynode.Controllers.ReplicaSets;
using k8s.Models;

namespace Everynode.Controllers.Tests.ReplicaSets;

/// <summary>Records the ReplicaSet controller's writes; creates get names <c>&lt;generateName&gt;N</c>.</summary>
internal sealed class FakeReplicaSetControl : IReplicaSetControl
{
    private readonly Lock _lock = new();
    private int _counter;

    public List<V1Pod> CreatedPods { get; } = [];

    public List<string> DeletedPods { get; } = [];

    public List<(string Name, string Patch)> PodPatches { get; } = [];

    public List<V1ReplicaSet> StatusUpdates { get; } = [];

    public Func<V1Pod, Exception?> CreatePodError { get; set; } = _ => null;

    public Func<string, V1ReplicaSet>? GetReplicaSet { get; set; }

    public Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct)
    {
        if (CreatePodError(pod) is { } error)
        {
            throw error;
        }

        lock (_lock)
        {
            pod.Metadata.Name = pod.Metadata.GenerateName + _counter++;
            pod.Metadata.Uid = "uid-" + pod.Metadata.Name;
            pod.Metadata.ResourceVersion = "1";
            pod.Status = new V1PodStatus { Phase = "Pending" };
            CreatedPods.Add(pod);
        }

        return Task.FromResult(pod);
    }

    public Task DeletePodAsync(string ns, string name, CancellationToken ct)
    {
        lock (_lock)
        {
            DeletedPods.Add(name);
        }

        return Task.CompletedTask;
    }

    public Task<V1Pod> PatchPodAsync(string ns, string name, string strategicPatch, CancellationToken ct)
    {
        lock (_lock)
        {
            PodPatches.Add((name, strategicPatch));
        }

        return Task.FromResult(new V1Pod { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } });
    }

    public Task<V1ReplicaSet> GetReplicaSetAsync(string ns, string name, CancellationToken ct) =>
        Task.FromResult(GetReplicaSet!(name));

    public Task<V1ReplicaSet> UpdateReplicaSetStatusAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        lock (_lock)
        {
            StatusUpdates.Add(rs);
        }

        return Task.FromResult(rs);
    }
}
