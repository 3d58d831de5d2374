namespace Everynode.Scheduler.Framework;

/// <summary>A pre-filter: runs once per attempt, before any node is looked at, and may narrow the candidates.</summary>
internal interface IPreFilterPlugin
{
    string Name { get; }

    PreFilterResult PreFilter(CycleState state);
}
