using System.Net;
using Everynode.Api.Models;
using Everynode.Controllers.DaemonSets;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>Records every write the controller makes (upstream's FakePodControl + fake clientset), with injectable failures.</summary>
internal sealed class FakeDaemonSetControl : IDaemonSetControl
{
    private readonly Lock _lock = new();
    private int _podCounter;

    public List<V1Pod> CreatedPods { get; } = [];

    public List<string> DeletedPods { get; } = [];

    public List<(string Name, string Patch, bool Strategic)> PodPatches { get; } = [];

    public List<V1ControllerRevision> CreatedRevisions { get; } = [];

    public List<V1ControllerRevision> UpdatedRevisions { get; } = [];

    public List<string> DeletedRevisions { get; } = [];

    public List<(string Name, string Patch)> RevisionPatches { get; } = [];

    public List<V1DaemonSet> StatusUpdates { get; } = [];

    public int CreatePodCalls { get; private set; }

    /// <summary>Decides, per create, whether it fails (null: it succeeds).</summary>
    public Func<V1Pod, Exception?> CreatePodError { get; set; } = _ => null;

    public Func<string, Exception?> DeletePodError { get; set; } = _ => null;

    /// <summary>The pod a patch starts from (the harness answers from the pod cache).</summary>
    public Func<string, V1Pod?>? PodSource { get; set; }

    /// <summary>What an uncached GET of the DaemonSet returns.</summary>
    public Func<string, V1DaemonSet>? GetDaemonSet { get; set; }

    /// <summary>Revisions that exist on the "server" (a create of one of these names fails with AlreadyExists).</summary>
    public Dictionary<string, V1ControllerRevision> ExistingRevisions { get; } = [];

    /// <summary>Runs at the start of every ControllerRevision create: lets a test deliver events in the middle of a sync.</summary>
    public Action? BeforeRevisionCreate { get; set; }

    public Queue<Exception> StatusUpdateErrors { get; } = new();

    public static HttpOperationException ApiError(HttpStatusCode code, string reason, string message, string? cause = null)
    {
        var causes = cause is null ? string.Empty : $",\"details\":{{\"causes\":[{{\"reason\":\"{cause}\"}}]}}";
        var body = $"{{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"{message}\",\"reason\":\"{reason}\",\"code\":{(int)code}{causes}}}";
        return new HttpOperationException($"Operation returned an invalid status code '{code}'")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), body),
        };
    }

    public Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct)
    {
        lock (_lock)
        {
            CreatePodCalls++;
            if (CreatePodError(pod) is { } error)
            {
                throw error;
            }

            var created = ModelCopy.Clone(pod);
            var n = ++_podCounter;
            created.Metadata.Name = $"{pod.Metadata.GenerateName}{n:D5}";
            created.Metadata.Uid = $"pod-uid-{n}";
            created.Metadata.ResourceVersion = "1";
            CreatedPods.Add(created);
            return Task.FromResult(created);
        }
    }

    public Task DeletePodAsync(string ns, string name, CancellationToken ct)
    {
        lock (_lock)
        {
            if (DeletePodError(name) is { } error)
            {
                throw error;
            }

            DeletedPods.Add(name);
            return Task.CompletedTask;
        }
    }

    public Task<V1Pod> PatchPodAsync(string ns, string name, string patch, bool strategic, CancellationToken ct)
    {
        lock (_lock)
        {
            PodPatches.Add((name, patch, strategic));
            var pod = PodSource?.Invoke(name) is { } source
                ? ModelCopy.Clone(source)
                : new V1Pod { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };
            if (patch.Contains("\"controller\":true", StringComparison.Ordinal))
            {
                // An adoption: the answer carries the new controller reference (enough for the controller's use).
                pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "DaemonSet", Name = "foo", Uid = "foo-uid", Controller = true }];
            }

            return Task.FromResult(pod);
        }
    }

    public Task<V1ControllerRevision> CreateRevisionAsync(string ns, V1ControllerRevision revision, CancellationToken ct)
    {
        BeforeRevisionCreate?.Invoke();
        lock (_lock)
        {
            if (ExistingRevisions.ContainsKey(revision.Metadata.Name))
            {
                throw ApiError(HttpStatusCode.Conflict, "AlreadyExists", $"controllerrevisions.apps \\\"{revision.Metadata.Name}\\\" already exists");
            }

            var created = ModelCopy.Clone(revision);
            created.Metadata.Uid = $"rev-uid-{CreatedRevisions.Count + 1}";
            created.Metadata.ResourceVersion = "1";
            CreatedRevisions.Add(created);
            ExistingRevisions[created.Metadata.Name] = created;
            return Task.FromResult(created);
        }
    }

    public Task<V1ControllerRevision> GetRevisionAsync(string ns, string name, CancellationToken ct)
    {
        lock (_lock)
        {
            return ExistingRevisions.TryGetValue(name, out var r)
                ? Task.FromResult(r)
                : throw ApiError(HttpStatusCode.NotFound, "NotFound", "not found");
        }
    }

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken ct)
    {
        lock (_lock)
        {
            UpdatedRevisions.Add(revision);
            return Task.FromResult(revision);
        }
    }

    public Task<V1ControllerRevision> PatchRevisionAsync(string ns, string name, string strategicPatch, CancellationToken ct)
    {
        lock (_lock)
        {
            RevisionPatches.Add((name, strategicPatch));
            return Task.FromResult(new V1ControllerRevision { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } });
        }
    }

    public Task DeleteRevisionAsync(string ns, string name, CancellationToken ct)
    {
        lock (_lock)
        {
            DeletedRevisions.Add(name);
            return Task.CompletedTask;
        }
    }

    public Task<V1DaemonSet> GetDaemonSetAsync(string ns, string name, CancellationToken ct) =>
        Task.FromResult(GetDaemonSet?.Invoke(name) ?? throw ApiError(HttpStatusCode.NotFound, "NotFound", "not found"));

    public Task<V1DaemonSet> UpdateDaemonSetStatusAsync(V1DaemonSet ds, CancellationToken ct)
    {
        lock (_lock)
        {
            if (StatusUpdateErrors.TryDequeue(out var error))
            {
                throw error;
            }

            StatusUpdates.Add(ds);
            return Task.FromResult(ds);
        }
    }
}
