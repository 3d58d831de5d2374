using Everynode.Api.Authorization;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;

namespace Everynode.ApiServer.Auth;

/// <summary>Creates the default ClusterRoles and ClusterRoleBindings that are missing; never changes existing ones.</summary>
internal static class RbacBootstrap
{
    public static async Task EnsureAsync(GenericRegistry registry, CancellationToken ct)
    {
        var roles = registry.Resources.Find("rbac.authorization.k8s.io", "v1", "clusterroles")!;
        var bindings = registry.Resources.Find("rbac.authorization.k8s.io", "v1", "clusterrolebindings")!;
        // The aggregated roles are written with the rules they aggregate, as upstream's aggregation controller does.
        var clusterRoles = BootstrapPolicy.ClusterRoles();
        var defaults = new RbacPolicy(clusterRoles, [], [], []);
        foreach (var role in clusterRoles.Where(r => r.AggregationRule is not null))
        {
            role.Rules = [.. defaults.Aggregate(role)];
        }

        foreach (var (info, obj) in clusterRoles.Select(r => (roles, (k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>)r))
            .Concat(BootstrapPolicy.ClusterRoleBindings().Select(b => (bindings, (k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>)b))))
        {
            try
            {
                await registry.CreateAsync(info, null, obj, dryRun: false, ct);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }
    }
}
