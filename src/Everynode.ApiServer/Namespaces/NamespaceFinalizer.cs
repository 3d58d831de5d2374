using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.ApiServer.Namespaces;

/// <summary>
/// Empties terminating namespaces (upstream's namespace controller): deletes every namespaced object in them,
/// waits until they are gone (pods finish their grace period, finalizers are removed), then removes the
/// namespace's <c>kubernetes</c> finalizer and the namespace itself.
/// </summary>
internal sealed partial class NamespaceFinalizer(GenericRegistry registry, NamespaceLifecycle namespaces, ILogger logger, Action stopServer) : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = RunGuardedAsync(_stop.Token);

    /// <summary>An unexpected failure stops the server loudly instead of leaving namespaces stuck silently.</summary>
    private async Task RunGuardedAsync(CancellationToken ct)
    {
        try
        {
            await RunAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogFatal(logger, e);
            stopServer();
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var changed = namespaces.WaitForChangeAsync(ct);
            var pending = false;
            foreach (var ns in namespaces.TerminatingNamespaces())
            {
                try
                {
                    pending |= !await TryFinalizeAsync(ns, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is ApiException or Storage.StoreException)
                {
                    LogRetry(logger, e, ns);
                    pending = true;
                }
            }

            try
            {
                await (pending ? Task.WhenAny(changed, Task.Delay(RetryDelay, ct)) : changed);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Deletes what is left in the namespace; returns true once the namespace itself is gone.</summary>
    private async Task<bool> TryFinalizeAsync(string ns, CancellationToken ct)
    {
        var remaining = 0;
        foreach (var r in registry.Resources.All.Where(r => r.Namespaced))
        {
            var page = await registry.ListAsync(r, ns, new ListRequest(), ct);
            foreach (var kv in page.Items)
            {
                remaining++;
                var obj = GenericRegistry.Decode(r, kv);
                if (obj.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }

                try
                {
                    await registry.DeleteAsync(r, ns, obj.Metadata.Name, new V1DeleteOptions { PropagationPolicy = "Background" }, dryRun: false, ct);
                }
                catch (ApiException e) when (e.Code == 404)
                {
                }
            }
        }

        if (remaining > 0)
        {
            return false;
        }

        var nsInfo = registry.Resources.Find("", "v1", "namespaces")!;
        try
        {
            await registry.UpdateAsync(nsInfo, null, ns, current =>
            {
                var nsObj = (V1Namespace)current;
                nsObj.Spec ??= new V1NamespaceSpec();
                nsObj.Spec.Finalizers = [];
                return nsObj;
            }, UpdateKind.Finalize, retryOnConflict: true, dryRun: false, ct);
            await registry.DeleteAsync(nsInfo, null, ns, new V1DeleteOptions(), dryRun: false, ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Critical, Message = "the namespace finalizer failed; stopping the server")]
    private static partial void LogFatal(ILogger logger, Exception e);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "finalizing namespace {Namespace} failed; retrying")]
    private static partial void LogRetry(ILogger logger, Exception e, string @namespace);
}
