namespace Everynode.Api.Apply;

/// <summary>
/// One manager's ownership (a decoded <c>metadata.managedFields</c> entry). Upstream identifies a manager by its name,
/// operation and subresource, and for Update also by the apiVersion it wrote with.
/// </summary>
public sealed record ManagerEntry(string Manager, string Operation, string ApiVersion, DateTime? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool IsSameManager(ManagerEntry other) =>
        Manager == other.Manager && Operation == other.Operation && (Subresource ?? "") == (other.Subresource ?? "")
        && (Operation == Apply || ApiVersion == other.ApiVersion);

    /// <summary>The manager as upstream names it in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }
}
