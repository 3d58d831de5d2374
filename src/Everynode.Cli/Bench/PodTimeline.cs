using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Cli.Bench;

/// <summary>
/// Where a DaemonSet phase's time goes (<c>everynode bench --timeline</c>): a watch on the phase's pods records,
/// per pod, when it was first seen, first seen bound to a node, and first seen Ready; <see cref="Summary"/> gives
/// for each milestone the seconds since the phase started by which 1 %, half and all of the pods had reached it.
/// The watch itself costs the server a watcher and this process the decoding, so it is off by default.
/// </summary>
internal sealed class PodTimeline : IInformerHandler<V1Pod>, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Milestones> _pods = new(StringComparer.Ordinal);
    private readonly SharedInformer<V1Pod> _informer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;

    private PodTimeline(IKubernetes client, string ns, string labelSelector)
    {
        _informer = InformerFactory.Pods(client, NullLoggerFactory.Instance, new ResourceScope { Namespace = ns, LabelSelector = labelSelector });
        _informer.AddEventHandler(this);
        _loop = _informer.RunAsync(_stop.Token);
    }

    /// <summary>Starts watching and returns once the first list is in, so that only pods that change later count.</summary>
    public static async Task<PodTimeline> StartAsync(IKubernetes client, string ns, string labelSelector, CancellationToken ct)
    {
        var timeline = new PodTimeline(client, ns, labelSelector);
        await timeline._informer.WaitForSyncAsync(ct);
        return timeline;
    }

    /// <summary>Marks the start of the phase: milestones are measured from here, for the pods created after it.</summary>
    public void Begin()
    {
        _pods.Clear();
        _clock.Restart();
    }

    public void OnAdd(V1Pod obj) => Record(obj, added: true);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => Record(newObj, added: false);

    public void OnDelete(V1Pod obj, bool finalStateUnknown)
    {
    }

    /// <summary>One line per milestone: "created 1% 0.1 s, 50% 2.3 s, 100% 5.0 s (1000 pods)".</summary>
    public IReadOnlyList<string> Summary()
    {
        var all = _pods.Values.ToList();
        return
        [
            Line("created", all.Select(m => m.Created)),
            Line("bound", all.Select(m => m.Bound)),
            Line("Ready", all.Select(m => m.Ready)),
        ];
    }

    private static string Line(string milestone, IEnumerable<double?> seconds)
    {
        var reached = seconds.OfType<double>().Order().ToList();
        if (reached.Count == 0)
        {
            return $"{milestone}: none";
        }

        double At(double share) => reached[Math.Max(0, (int)Math.Ceiling(share * reached.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"{milestone}: 1% {At(0.01):0.0} s, 50% {At(0.5):0.0} s, 100% {At(1):0.0} s ({reached.Count} pods)");
    }

    private void Record(V1Pod pod, bool added)
    {
        if (pod.Metadata?.Uid is not { } uid || pod.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        // Only pods that appear after the phase began: an old pod's update is not a milestone of this phase.
        var now = _clock.Elapsed.TotalSeconds;
        var m = added ? _pods.GetOrAdd(uid, _ => new Milestones { Created = now }) : _pods.GetValueOrDefault(uid);
        if (m is null)
        {
            return;
        }

        lock (m)
        {
            if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
            {
                m.Bound ??= now;
            }

            if (pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
            {
                m.Ready ??= now;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Milestones
    {
        public double? Created { get; set; }

        public double? Bound { get; set; }

        public double? Ready { get; set; }
    }
}
