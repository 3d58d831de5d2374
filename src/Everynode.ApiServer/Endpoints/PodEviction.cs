using Everynode.Api.PodDisruptionBudgets;
using Everynode.Api.Resources;
using Everynode.Api.Selectors;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.Serialization;
using Microsoft.AspNetCore.Http;
using k8s.Models;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// POST pods/NAME/eviction (policy/v1 Eviction; policy/v1beta1 bodies are read the same way): deletes the pod
/// gracefully with the Eviction's deleteOptions, unless the one PodDisruptionBudget that selects it allows no
/// disruption now (429). An allowed eviction of a healthy pod takes one disruption from the budget and records the
/// pod in <c>status.disruptedPods</c>, as upstream's EvictionREST does, before the pod is deleted.
/// </summary>
internal static class PodEviction
{
    public const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";
    private const int MaxDisruptedPodSize = 2000;

    public static async Task HandleAsync(HttpContext ctx, GenericRegistry registry, ResourceInfo pods, string ns, string name, bool dryRun, CancellationToken ct)
    {
        var eviction = await ReadEvictionAsync(ctx, ct);
        if (!string.IsNullOrEmpty(eviction.Metadata?.Name) && eviction.Metadata.Name != name)
        {
            throw ApiException.BadRequest("name in URL does not match name in Eviction object");
        }

        if (!string.IsNullOrEmpty(eviction.Metadata?.NamespaceProperty) && eviction.Metadata.NamespaceProperty != ns)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var options = eviction.DeleteOptions ?? new V1DeleteOptions();
        dryRun |= options.DryRun is { Count: > 0 };
        var pod = (V1Pod)await registry.GetAsync(pods, ns, name, ct);
        if (!CanIgnoreBudget(pod))
        {
            var pdbs = registry.Resources.Find("policy", "v1", "poddisruptionbudgets")!;
            var budgets = await BudgetsForAsync(registry, pdbs, pod, ct);
            if (budgets.Count > 1)
            {
                throw ApiException.Internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
            }

            if (budgets.Count == 1 && !UnhealthyPodMayGo(pod, budgets[0]))
            {
                await registry.UpdateAsync(pdbs, ns, budgets[0].Metadata.Name, current =>
                {
                    var pdb = (V1PodDisruptionBudget)current;
                    TakeDisruption(pdb, name, registry.Time.GetUtcNow());
                    return pdb;
                }, UpdateKind.Status, retryOnConflict: true, dryRun, ct);
            }
        }

        await registry.DeleteAsync(pods, ns, name, options, dryRun, ct);
        await Responses.WriteJsonAsync(ctx, 201, StatusJson.Serialize(new V1Status { Status = "Success", Code = 201 }), ct);
    }

    /// <summary>Finished, never started, or already deleting pods do not count against a budget (upstream's canIgnorePDB).</summary>
    private static bool CanIgnoreBudget(V1Pod pod) =>
        pod.Status?.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null;

    /// <summary>
    /// A pod that is not Ready may go without taking a disruption when the budget says AlwaysAllow, or (the default,
    /// IfHealthyBudget) when the budget is currently met.
    /// </summary>
    private static bool UnhealthyPodMayGo(V1Pod pod, V1PodDisruptionBudget pdb)
    {
        if (pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
        {
            return false;
        }

        var status = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        return pdb.Spec?.UnhealthyPodEvictionPolicy switch
        {
            null or Api.PodDisruptionBudgets.PodDisruptionBudgetValidation.IfHealthyBudget =>
                status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0,
            Api.PodDisruptionBudgets.PodDisruptionBudgetValidation.AlwaysAllow => true,
            _ => false,
        };
    }

    /// <summary>Upstream's checkAndDecrement, on the budget as stored now: refuse, or take one disruption.</summary>
    private static void TakeDisruption(V1PodDisruptionBudget pdb, string podName, DateTimeOffset now)
    {
        var status = pdb.Status ??= new V1PodDisruptionBudgetStatus();
        var name = pdb.Metadata.Name;
        if ((status.ObservedGeneration ?? 0) < (pdb.Metadata.Generation ?? 0))
        {
            throw TooManyRequests(10, $"The disruption budget {name} is still being processed by the server.");
        }

        if (status.DisruptionsAllowed < 0)
        {
            throw Forbidden(name, "pdb disruptions allowed is negative");
        }

        if (status.DisruptedPods?.Count > MaxDisruptedPodSize)
        {
            throw Forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        }

        if (status.DisruptionsAllowed == 0)
        {
            throw TooManyRequests(0, $"The disruption budget {name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently");
        }

        status.DisruptionsAllowed--;
        if (status.DisruptionsAllowed == 0)
        {
            DisruptionAllowedCondition.Set(pdb, now);
        }

        status.DisruptedPods ??= new Dictionary<string, DateTime?>();
        status.DisruptedPods[podName] = MetaTime.From(now);
    }

    private static async Task<List<V1PodDisruptionBudget>> BudgetsForAsync(GenericRegistry registry, ResourceInfo pdbs, V1Pod pod, CancellationToken ct)
    {
        var page = await registry.ListAsync(pdbs, pod.Metadata.NamespaceProperty, new ListRequest(), ct);
        return
        [
            .. page.Items.Select(kv => (V1PodDisruptionBudget)GenericRegistry.Decode(pdbs, kv))
                .Where(pdb => LabelSelector.TryFromLabelSelector(pdb.Spec?.Selector, out var selector) && selector.Matches(pod.Metadata.Labels)),
        ];
    }

    private static async Task<V1Eviction> ReadEvictionAsync(HttpContext ctx, CancellationToken ct)
    {
        var bytes = await RequestBody.ReadBytesAsync(ctx, ct);
        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }

        var node = RequestBody.ParseDocument(bytes, RequestBody.MediaType(ctx));
        var apiVersion = node["apiVersion"]?.GetValue<string>();
        var kind = node["kind"]?.GetValue<string>();
        if ((apiVersion is not null && apiVersion is not ("policy/v1" or "policy/v1beta1")) || (kind is not null && kind != "Eviction"))
        {
            throw ApiException.BadRequest($"{kind} in version \"{apiVersion}\" cannot be handled as a Eviction: no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        }

        return ObjectCodec.DeserializeAny<V1Eviction>(node);
    }

    private static ApiException TooManyRequests(int retryAfterSeconds, string cause) =>
        new(429, "TooManyRequests", ViolationMessage, new V1StatusDetails
        {
            RetryAfterSeconds = retryAfterSeconds == 0 ? null : retryAfterSeconds,
            Causes = [new V1StatusCause { Reason = "DisruptionBudget", Message = cause }],
        });

    private static ApiException Forbidden(string pdbName, string detail) =>
        new(403, "Forbidden", $"poddisruptionbudget.policy \"{pdbName}\" is forbidden: {detail}",
            new V1StatusDetails { Name = pdbName, Group = "policy", Kind = "poddisruptionbudget" });
}
