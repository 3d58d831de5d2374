using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;

namespace Everynode.Cli.Bench;

internal sealed partial class BenchRun
{
    /// <summary>
    /// Mutating requests one after another while every simulated node heartbeats (a Lease write per node every
    /// 10 s): half Lease creates, half Lease updates, each timed from send to response.
    /// </summary>
    private async Task<BenchResult> MeasureMutatingLatencyAsync(Kubernetes client, BenchResult result, CancellationToken ct)
    {
        progress.Begin($"{settings.MutatingRequests} mutating requests under the heartbeats of {nodes} nodes");
        var samples = new List<double>();
        var leases = new List<V1Lease>();
        var half = settings.MutatingRequests / 2;
        for (var i = 0; i < half; i++)
        {
            var lease = new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "latency-" + i.ToString(CultureInfo.InvariantCulture) },
                Spec = new V1LeaseSpec { HolderIdentity = "bench", LeaseDurationSeconds = 40, RenewTime = DateTime.UtcNow },
            };
            var clock = Stopwatch.StartNew();
            leases.Add(await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Namespace, cancellationToken: ct));
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        foreach (var lease in leases)
        {
            lease.Spec.RenewTime = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Metadata.Name, Namespace, cancellationToken: ct);
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        var (p50, p99) = (Percentiles.Of(samples, 50), Percentiles.Of(samples, 99));
        progress.Succeed(string.Create(CultureInfo.InvariantCulture, $"p50 {p50:0.0} ms, p99 {p99:0.0} ms"));
        return result with { MutatingRequests = samples.Count, MutatingP50Ms = p50, MutatingP99Ms = p99 };
    }
}
