namespace Everynode.Cli.Server;

/// <summary>
/// Which control-plane components run, from <c>--controllers</c> as kube-controller-manager reads it:
/// <c>*</c> is every component, <c>name</c> enables one, <c>-name</c> disables one, <c>-*</c> none (an API server only).
/// </summary>
internal sealed class ControllerSelection
{
    public const string DaemonSet = "daemonset";
    public const string Scheduler = "scheduler";
    public const string GarbageCollector = "garbagecollector";
    public const string PodGc = "podgc";
    public const string NodeLifecycle = "nodelifecycle";
    public const string TaintEviction = "tainteviction";
    public const string Disruption = "disruption";
    public const string ReplicaSet = "replicaset";
    public const string Deployment = "deployment";

    public static IReadOnlyList<string> All { get; } = [DaemonSet, Scheduler, GarbageCollector, PodGc, NodeLifecycle, TaintEviction, Disruption, ReplicaSet, Deployment];

    private readonly HashSet<string> _enabled;

    private ControllerSelection(HashSet<string> enabled) => _enabled = enabled;

    public bool IsEnabled(string name) => _enabled.Contains(name);

    public IReadOnlyCollection<string> Enabled => _enabled;

    /// <summary>Parses the flag; unknown names are an error naming the known ones.</summary>
    public static ControllerSelection Parse(IEnumerable<string> items)
    {
        var list = items.SelectMany(i => i.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (list.Count == 0)
        {
            list.Add("*");
        }

        var enabled = new HashSet<string>(StringComparer.Ordinal);
        if (list.Contains("*"))
        {
            enabled.UnionWith(All);
        }

        foreach (var item in list.Where(i => i != "*"))
        {
            if (item == "-*")
            {
                enabled.Clear();
                continue;
            }

            var disable = item.StartsWith('-');
            var name = disable ? item[1..] : item;
            if (!All.Contains(name))
            {
                throw new ArgumentException($"--controllers: unknown component \"{name}\"; known: {string.Join(", ", All)}");
            }

            if (disable)
            {
                enabled.Remove(name);
            }
            else
            {
                enabled.Add(name);
            }
        }

        return new ControllerSelection(enabled);
    }
}
