using System.Net;
using Everynode.Scheduler.Binding;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Infrastructure;

/// <summary>
/// Records the scheduler's writes as lines (<c>bind ns/name node</c>, <c>condition ns/name False Reason: message</c>).
/// Bindings can be made to fail (an API conflict, or a bug) or to wait on a gate, and the most bindings ever in
/// flight at once is counted.
/// </summary>
internal sealed class FakePodBinder : IPodBinder
{
    private readonly Lock _lock = new();
    private readonly List<string> _writes = [];
    private int _inFlight;

    /// <summary>Bindings of these pods (ns/name) fail once each with a 409.</summary>
    public HashSet<string> FailOnce { get; } = [];

    /// <summary>When set, every binding throws it (a bug, not an API failure).</summary>
    public Exception? Crash { get; set; }

    /// <summary>When set, bindings wait for it before completing.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public int MaxInFlight { get; private set; }

    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    public IReadOnlyList<string> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<string> Binds => [.. Writes.Where(w => w.StartsWith("bind ", StringComparison.Ordinal))];

    public async Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        var key = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
        lock (_lock)
        {
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
        }

        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (Crash is { } crash)
            {
                throw crash;
            }

            lock (_lock)
            {
                if (FailOnce.Remove(key))
                {
                    _writes.Add($"bind-failed {key} {nodeName}");
                    throw new HttpOperationException("Operation returned an invalid status code 'Conflict'")
                    {
                        Response = new HttpResponseMessageWrapper(
                            new HttpResponseMessage(HttpStatusCode.Conflict),
                            $"{{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"pod {pod.Metadata.Name} is being bound elsewhere\",\"code\":409}}"),
                    };
                }

                _writes.Add($"bind {key} {nodeName}");
            }
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    public Task SetPodScheduledConditionAsync(V1Pod pod, V1PodCondition condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _writes.Add($"condition {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} {condition.Status} {condition.Reason}: {condition.Message}");
        }

        return Task.CompletedTask;
    }
}
