using Everynode.Api.Apply;

namespace Everynode.ApiServer.Registry;

/// <summary>
/// Who a write is for, as <c>metadata.managedFields</c> records it: the field manager's name, and for an apply the
/// ownership it computed (the registry then stores that instead of recording an Update).
/// </summary>
internal sealed class FieldOwner(string manager)
{
    public string Manager { get; } = manager;

    /// <summary>Set by an apply: the ownership after it (the entries for this attempt of the write).</summary>
    public IReadOnlyList<ManagerEntry>? Applied { get; set; }
}
