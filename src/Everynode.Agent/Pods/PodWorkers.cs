using System.Collections.Concurrent;
using Everynode.Client.Informers;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// One <see cref="PodWorker"/> per pod UID, fed by the informer of the pods bound to this node and by the static pod
/// source. Informer callbacks only hand the pod to its worker. Mirror pods are not run: they are reported to
/// <see cref="MirrorPodChanged"/>/<see cref="MirrorPodDeleted"/>. Admission is decided here, one pod at a time, against
/// the pods already admitted.
/// </summary>
internal sealed class PodWorkers : IInformerHandler<V1Pod>, IAsyncDisposable
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    private readonly PodWorkerContext _ctx;
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);
    private readonly Lock _admitLock = new();
    private readonly HashSet<string> _admitted = new(StringComparer.Ordinal);

    public PodWorkers(PodWorkerContext ctx)
    {
        _ctx = ctx;
        _ctx.AdmitPod = AdmitAsync;
    }

    public Action<V1Pod>? MirrorPodChanged { get; set; }

    public Action<V1Pod>? MirrorPodDeleted { get; set; }

    public int Count => _workers.Count;

    public static bool IsMirrorPod(V1Pod pod) => pod.Metadata?.Annotations?.ContainsKey(MirrorAnnotation) == true;

    public void OnAdd(V1Pod obj) => Upsert(obj);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => Upsert(newObj);

    public void OnDelete(V1Pod obj, bool finalStateUnknown)
    {
        if (IsMirrorPod(obj))
        {
            MirrorPodDeleted?.Invoke(obj);
            return;
        }

        if (_workers.TryGetValue(obj.Metadata.Uid, out var worker) && !worker.IsStatic)
        {
            worker.Remove();
        }
    }

    /// <summary>A static pod from the manifest folder: started, or updated when its manifest changed.</summary>
    public void UpsertStatic(V1Pod pod) => GetOrStart(pod, isStatic: true).Update(pod);

    /// <summary>A static pod whose manifest went away: stopped.</summary>
    public void RemoveStatic(string uid)
    {
        if (_workers.TryGetValue(uid, out var worker))
        {
            worker.Remove();
        }
    }

    /// <summary>The worker of the pod NAMESPACE/NAME that runs here (the newest, if a name was reused).</summary>
    public PodWorker? Find(string ns, string name) =>
        _workers.Values.Where(w => w.Namespace == ns && w.Name == name).OrderByDescending(w => w.Pod.Metadata.CreationTimestamp).FirstOrDefault();

    public PodWorker? FindByUid(string uid) => _workers.GetValueOrDefault(uid);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values)
        {
            await worker.DisposeAsync();
        }

        _workers.Clear();
    }

    private void Upsert(V1Pod pod)
    {
        if (IsMirrorPod(pod))
        {
            MirrorPodChanged?.Invoke(pod);
            return;
        }

        if (pod.Spec?.NodeName != _ctx.Options.NodeName || string.IsNullOrEmpty(pod.Metadata?.Uid))
        {
            return;
        }

        GetOrStart(pod, isStatic: false).Update(pod);
    }

    private PodWorker GetOrStart(V1Pod pod, bool isStatic)
    {
        var uid = pod.Metadata.Uid;
        if (_workers.TryGetValue(uid, out var existing))
        {
            return existing;
        }

        var worker = new PodWorker(_ctx, pod, isStatic);
        if (!_workers.TryAdd(uid, worker))
        {
            return _workers[uid];
        }

        worker.Start();
        _ = worker.Completion.ContinueWith(
            _ => _workers.TryRemove(new KeyValuePair<string, PodWorker>(uid, worker)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return worker;
    }

    private async Task<AdmissionResult> AdmitAsync(V1Pod pod, CancellationToken ct)
    {
        if (_ctx.Node() is not { } node)
        {
            return AdmissionResult.Admitted;
        }

        var result = Admit(pod, node);
        if (result.Reason == PodAdmission.NodeAffinityReason && await _ctx.FetchNode(ct) is { } fresh)
        {
            // As upstream's kubelet: the watch may lag a label added just before the pod was bound; the API server's
            // copy decides before the pod is rejected for good.
            result = Admit(pod, fresh);
        }

        return result;
    }

    private AdmissionResult Admit(V1Pod pod, V1Node node)
    {
        lock (_admitLock)
        {
            _admitted.RemoveWhere(uid => !_workers.ContainsKey(uid));
            var others = _workers.Values.Where(w => _admitted.Contains(w.Uid) && !w.IsTerminal && w.Uid != pod.Metadata.Uid).Select(w => w.Pod);
            var result = PodAdmission.Admit(pod, node, others);
            if (result.Admit)
            {
                _admitted.Add(pod.Metadata.Uid);
            }

            return result;
        }
    }
}
