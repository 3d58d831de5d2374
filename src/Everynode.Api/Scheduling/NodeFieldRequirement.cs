namespace Everynode.Api.Scheduling;

/// <summary>
/// One matchFields requirement: the node field <paramref name="Key"/> equals (In) or differs from (NotIn)
/// <paramref name="Value"/>. A node offers one field, <c>metadata.name</c>; any other key reads as the empty string,
/// as a missing key of upstream's fields.Set does.
/// </summary>
internal readonly record struct NodeFieldRequirement(string Key, string Value, bool Equal)
{
    public bool Matches(string nodeName) =>
        ((Key == NodeSelector.ObjectNameField ? nodeName : string.Empty) == Value) == Equal;
}
