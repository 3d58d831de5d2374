using System.Collections.Concurrent;
using Everynode.Agent.Pods;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.StaticPods;

/// <summary>
/// Static pods from <see cref="AgentOptions.PodManifestPath"/>: each manifest file runs as a pod on this node with
/// no API server involvement, and is mirrored in the API as a mirror pod so users see it. The folder is re-read on
/// file system notifications and every <see cref="AgentOptions.ManifestCheckInterval"/>. A mirror pod that is
/// deleted (or out of date) is replaced; a removed file stops its pod and deletes its mirror.
/// </summary>
internal sealed class StaticPodSource : IDisposable
{
    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    private readonly IKubernetes _client;
    private readonly AgentOptions _options;
    private readonly PodWorkers _workers;
    private readonly Func<V1Node?> _node;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly ConcurrentDictionary<string, V1Pod> _mirrors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, V1Pod> _static = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _reportedErrors = new(StringComparer.Ordinal);

    public StaticPodSource(IKubernetes client, AgentOptions options, PodWorkers workers, Func<V1Node?> node, ILogger logger)
    {
        _client = client;
        _options = options;
        _workers = workers;
        _node = node;
        _logger = logger;
        workers.MirrorPodChanged = pod =>
        {
            _mirrors[Key(pod)] = pod;
            Trigger();
        };
        workers.MirrorPodDeleted = pod =>
        {
            _mirrors.TryRemove(new KeyValuePair<string, V1Pod>(Key(pod), pod));
            _mirrors.TryRemove(Key(pod), out _);
            Trigger();
        };
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var folder = _options.PodManifestPath!;
        Directory.CreateDirectory(folder);
        using var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        watcher.Created += (_, _) => Trigger();
        watcher.Changed += (_, _) => Trigger();
        watcher.Deleted += (_, _) => Trigger();
        watcher.Renamed += (_, _) => Trigger();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(folder, ct);
            }
            catch (Exception e) when (ApiCalls.IsTransient(e))
            {
                _logger.LogWarning("Static pods: {Error}; retrying", e.Message);
            }

            await _changed.WaitAsync(_options.ManifestCheckInterval, ct);
            await Task.Delay(TimeSpan.FromMilliseconds(100), _options.TimeProvider, ct); // Let a burst of file events settle.
            while (_changed.CurrentCount > 0)
            {
                await _changed.WaitAsync(ct);
            }
        }
    }

    public void Dispose() => _changed.Dispose();

    private void Trigger() => _changed.Release();

    private async Task SyncAsync(string folder, CancellationToken ct)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var desired = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') || !ManifestExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                var text = await File.ReadAllTextAsync(file, ct);
                var pod = StaticPodManifest.Parse(text, _options.NodeName, now);
                var existing = _static.Values.FirstOrDefault(p => p.Metadata.Uid == pod.Metadata.Uid);
                desired[Key(pod)] = existing ?? pod;
                _reportedErrors.Remove(file);
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                if (!_reportedErrors.TryGetValue(file, out var reported) || reported != e.Message)
                {
                    _reportedErrors[file] = e.Message;
                    _logger.LogWarning("Static pod manifest {File} skipped: {Error}", file, e.Message);
                }
            }
        }

        foreach (var (key, old) in _static.ToList())
        {
            if (!desired.TryGetValue(key, out var now2) || now2.Metadata.Uid != old.Metadata.Uid)
            {
                _workers.RemoveStatic(old.Metadata.Uid);
                _static.Remove(key);
                if (!desired.ContainsKey(key))
                {
                    await DeleteMirrorAsync(key, ct);
                }
            }
        }

        foreach (var (key, pod) in desired)
        {
            if (!_static.ContainsKey(key))
            {
                _static[key] = pod;
                _workers.UpsertStatic(pod);
            }

            await EnsureMirrorAsync(key, pod, ct);
        }
    }

    private async Task EnsureMirrorAsync(string key, V1Pod pod, CancellationToken ct)
    {
        if (_node() is not { Metadata.Uid: not null } node)
        {
            return;
        }

        if (_mirrors.TryGetValue(key, out var mirror))
        {
            var current = (mirror.Metadata.Annotations?.TryGetValue(PodWorkers.MirrorAnnotation, out var hash) == true ? hash : null) == pod.Metadata.Uid;
            if (current && mirror.Metadata.DeletionTimestamp is null)
            {
                return;
            }

            // Out of date or being deleted: replace it, as upstream's kubelet does.
            await DeleteMirrorAsync(key, ct);
        }

        try
        {
            var created = await _client.CoreV1.CreateNamespacedPodAsync(StaticPodManifest.Mirror(pod, node), pod.Metadata.NamespaceProperty, cancellationToken: ct);
            _mirrors[key] = created;
            _workers.FindByUid(pod.Metadata.Uid)?.ResetReportedStatus();
            _logger.LogInformation("Created mirror pod {Pod} for static pod {Uid}", key, pod.Metadata.Uid);
        }
        catch (Exception e) when (ApiCalls.IsConflict(e))
        {
            // It exists (our informer has not told us yet); the next pass compares it.
        }
    }

    private async Task DeleteMirrorAsync(string key, CancellationToken ct)
    {
        if (!_mirrors.TryRemove(key, out var mirror))
        {
            return;
        }

        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(mirror.Metadata.Name, mirror.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = mirror.Metadata.Uid } }, cancellationToken: ct);
        }
        catch (Exception e) when (ApiCalls.IsNotFound(e) || ApiCalls.IsConflict(e))
        {
        }
    }

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
