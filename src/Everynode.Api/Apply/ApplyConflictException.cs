using System.Globalization;
using System.Text;

namespace Everynode.Api.Apply;

/// <summary>An apply changed fields other managers own and was not forced (upstream's 409 with FieldManagerConflict causes).</summary>
public sealed class ApplyConflictException(IReadOnlyList<FieldConflict> conflicts) : Exception(FormatMessage(conflicts))
{
    public IReadOnlyList<FieldConflict> Conflicts { get; } = conflicts;

    /// <summary>Upstream's message: one conflict on one line, several grouped by manager.</summary>
    public static string FormatMessage(IReadOnlyList<FieldConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Describe()}: {conflicts[0].Path}";
        }

        var sb = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Apply failed with {conflicts.Count} conflicts: "));
        var first = true;
        foreach (var group in conflicts.GroupBy(c => c.Owner.Describe()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(first ? "" : "\n").Append("conflicts with ").Append(group.Key).Append(':');
            first = false;
            foreach (var c in group)
            {
                sb.Append("\n- ").Append(c.Path);
            }
        }

        return sb.ToString();
    }
}
