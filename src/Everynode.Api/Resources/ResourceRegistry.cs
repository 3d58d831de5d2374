using Everynode.Api.Authentication;
using Everynode.Api.Authorization;
using Everynode.Api.ConfigMaps;
using Everynode.Api.ControllerRevisions;
using Everynode.Api.DaemonSets;
using Everynode.Api.Deployments;
using Everynode.Api.Events;
using Everynode.Api.Leases;
using Everynode.Api.Namespaces;
using Everynode.Api.Nodes;
using Everynode.Api.PodDisruptionBudgets;
using Everynode.Api.Pods;
using Everynode.Api.Rbac;
using Everynode.Api.ReplicaSets;
using Everynode.Api.Secrets;
using Everynode.Api.Services;
using k8s.Models;

namespace Everynode.Api.Resources;

/// <summary>Every resource the server serves, found by group/version/plural or by kind.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceInfo> _byResource = [];
    private readonly Dictionary<(string Group, string Kind), ResourceInfo> _byKind = [];
    private readonly List<ResourceInfo> _all = [];

    public ResourceRegistry(IEnumerable<ResourceInfo> resources)
    {
        foreach (var r in resources)
        {
            _byResource.Add((r.Group, r.Version, r.Plural), r);
            _byKind.Add((r.Group, r.Kind), r);
            _all.Add(r);
        }
    }

    public IReadOnlyList<ResourceInfo> All => _all;

    /// <summary>The group-versions served, core ("v1") first, in registration order.</summary>
    public IEnumerable<(string Group, string Version)> GroupVersions => _all.Select(r => (r.Group, r.Version)).Distinct();

    public ResourceInfo? Find(string group, string version, string plural) =>
        _byResource.GetValueOrDefault((group, version, plural));

    public ResourceInfo? FindByKind(string group, string kind) => _byKind.GetValueOrDefault((group, kind));

    /// <summary>The resources Everynode serves today.</summary>
    public static ResourceRegistry CreateDefault() => new(
    [
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Namespace", Plural = "namespaces", Singular = "namespace",
            Namespaced = false, ObjectType = typeof(V1Namespace), Strategy = new NamespaceStrategy(),
            ShortNames = ["ns"], Subresources = ["status"],
            Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Node", Plural = "nodes", Singular = "node",
            Namespaced = false, ObjectType = typeof(V1Node), Strategy = new NodeStrategy(),
            ShortNames = ["no"], Subresources = ["status"],
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Pod", Plural = "pods", Singular = "pod",
            Namespaced = true, ObjectType = typeof(V1Pod), Strategy = new PodStrategy(),
            ShortNames = ["po"], Categories = ["all"], Subresources = ["status", "binding", "log", "eviction"],
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Event", Plural = "events", Singular = "event",
            Namespaced = true, ObjectType = typeof(Corev1Event), Strategy = new EventStrategy(),
            ShortNames = ["ev"],
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Service", Plural = "services", Singular = "service",
            Namespaced = true, ObjectType = typeof(V1Service), Strategy = new ServiceStrategy(),
            ShortNames = ["svc"], Categories = ["all"], Verbs = ["get", "list", "watch"],
        },
        new ResourceInfo
        {
            Group = "apps", Version = "v1", Kind = "DaemonSet", Plural = "daemonsets", Singular = "daemonset",
            Namespaced = true, ObjectType = typeof(V1DaemonSet), Strategy = new DaemonSetStrategy(),
            ShortNames = ["ds"], Categories = ["all"], Subresources = ["status"],
        },
        new ResourceInfo
        {
            Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Singular = "deployment",
            Namespaced = true, ObjectType = typeof(V1Deployment), Strategy = new DeploymentStrategy(),
            ShortNames = ["deploy"], Categories = ["all"], Subresources = ["status", "scale"],
        },
        new ResourceInfo
        {
            Group = "apps", Version = "v1", Kind = "ReplicaSet", Plural = "replicasets", Singular = "replicaset",
            Namespaced = true, ObjectType = typeof(V1ReplicaSet), Strategy = new ReplicaSetStrategy(),
            ShortNames = ["rs"], Categories = ["all"], Subresources = ["status", "scale"],
        },
        new ResourceInfo
        {
            Group = "apps", Version = "v1", Kind = "ControllerRevision", Plural = "controllerrevisions",
            Singular = "controllerrevision", Namespaced = true, ObjectType = typeof(V1ControllerRevision),
            Strategy = new ControllerRevisionStrategy(),
        },
        new ResourceInfo
        {
            Group = "policy", Version = "v1", Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets",
            Singular = "poddisruptionbudget", Namespaced = true, ObjectType = typeof(V1PodDisruptionBudget),
            Strategy = new PodDisruptionBudgetStrategy(), ShortNames = ["pdb"], Subresources = ["status"],
        },
        new ResourceInfo
        {
            Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Singular = "lease",
            Namespaced = true, ObjectType = typeof(V1Lease), Strategy = new LeaseStrategy(),
        },
        new ResourceInfo
        {
            Group = "authentication.k8s.io", Version = "v1", Kind = "SelfSubjectReview", Plural = "selfsubjectreviews",
            Singular = "selfsubjectreview", Namespaced = false, ObjectType = typeof(V1SelfSubjectReview),
            Strategy = new SelfSubjectReviewStrategy(), Verbs = ["create"], Stored = false,
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "ConfigMap", Plural = "configmaps", Singular = "configmap",
            Namespaced = true, ObjectType = typeof(V1ConfigMap), Strategy = new ConfigMapStrategy(), ShortNames = ["cm"],
        },
        new ResourceInfo
        {
            Group = "", Version = "v1", Kind = "Secret", Plural = "secrets", Singular = "secret",
            Namespaced = true, ObjectType = typeof(V1Secret), Strategy = new SecretStrategy(),
        },
        Rbac("Role", "roles", typeof(V1Role), new RoleStrategy(), namespaced: true),
        Rbac("ClusterRole", "clusterroles", typeof(V1ClusterRole), new ClusterRoleStrategy(), namespaced: false),
        Rbac("RoleBinding", "rolebindings", typeof(V1RoleBinding), new RoleBindingStrategy(), namespaced: true),
        Rbac("ClusterRoleBinding", "clusterrolebindings", typeof(V1ClusterRoleBinding), new ClusterRoleBindingStrategy(), namespaced: false),
        Review("SelfSubjectAccessReview", "selfsubjectaccessreviews", typeof(V1SelfSubjectAccessReview), new ReviewStrategy<V1SelfSubjectAccessReview>(), namespaced: false),
        Review("SelfSubjectRulesReview", "selfsubjectrulesreviews", typeof(V1SelfSubjectRulesReview), new ReviewStrategy<V1SelfSubjectRulesReview>(), namespaced: false),
        Review("SubjectAccessReview", "subjectaccessreviews", typeof(V1SubjectAccessReview), new ReviewStrategy<V1SubjectAccessReview>(), namespaced: false),
        Review("LocalSubjectAccessReview", "localsubjectaccessreviews", typeof(V1LocalSubjectAccessReview), new ReviewStrategy<V1LocalSubjectAccessReview>(), namespaced: true),
    ]);

    private static ResourceInfo Rbac(string kind, string plural, Type type, IResourceStrategy strategy, bool namespaced) => new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced, ObjectType = type, Strategy = strategy,
    };

    private static ResourceInfo Review(string kind, string plural, Type type, IResourceStrategy strategy, bool namespaced) => new()
    {
        Group = "authorization.k8s.io", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced, ObjectType = type, Strategy = strategy, Verbs = ["create"], Stored = false,
    };
}
