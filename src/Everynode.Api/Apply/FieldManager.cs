using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Everynode.Api.Apply;

/// <summary>
/// Field ownership (upstream's structured-merge-diff updater), with no I/O. <c>Update</c> records what a
/// create, update or patch changed; <see cref="Apply"/> merges an applied configuration, removes what the applier
/// stopped applying, and refuses to change fields other managers own unless forced.
/// </summary>
/// <remarks>
/// Invariants: every entry's set is non-empty (empty entries are dropped); one entry per manager identity; a field
/// changed by a write is owned by the writer alone afterwards, unless it was applied with the same value by others
/// (shared ownership is only ever created by Apply).
/// </remarks>
public static class FieldManager
{
    /// <summary>
    /// Ownership after a non-apply write: the writer takes every field the write added or changed, and nobody keeps
    /// a field the write removed or changed.
    /// </summary>
    /// <param name="before">The object before the write; null for a create.</param>
    /// <param name="after">The object the write stores.</param>
    /// <param name="type">The object's model type.</param>
    /// <param name="status">True for a write through <c>/status</c>.</param>
    /// <param name="managers">Ownership before the write.</param>
    /// <param name="writer">The writer's entry (its fields ignored); its time is the write's time.</param>
    public static IReadOnlyList<ManagerEntry> Update(
        JsonElement? before, JsonElement after, Type type, bool status, IReadOnlyList<ManagerEntry> managers, ManagerEntry writer) =>
        Update(FieldComparison.Compare(before, after, ApplySchema.OfType(type), StrippedFields.For(status)), managers, writer);

    /// <summary>
    /// The stored entries after a non-apply write (a create when <paramref name="before"/> is null) that starts from the
    /// stored ownership: as
    /// <see cref="Update(JsonElement?, JsonElement, Type, bool, IReadOnlyList{ManagerEntry}, ManagerEntry)"/> on the decoded
    /// entries, then encoded. When the write only changed values that the writer alone already owns (a Lease renewal,
    /// a condition's heartbeat), the answer is read from the stored FieldsV1 without decoding any of them: the entries
    /// stay, the writer's with the write's time. Heartbeats (Lease renewals, node conditions) are most of the server's
    /// writes and every Lease's FieldsV1 is its own, so no cache of decoded sets could stand in for this shortcut.
    /// Returns <paramref name="stored"/> itself when ownership is unchanged.
    /// </summary>
    public static IList<V1ManagedFieldsEntry>? UpdateStored(
        JsonElement? before, JsonElement after, Type type, bool status, IList<V1ManagedFieldsEntry>? stored, ManagerEntry writer)
    {
        var compare = FieldComparison.Compare(before, after, ApplySchema.OfType(type), StrippedFields.For(status));
        if (compare.IsSame)
        {
            return stored;
        }

        if (stored is { Count: > 0 } && compare.Added.IsEmpty && compare.Removed.IsEmpty && WithOwnedValuesChanged(compare.Modified, stored, writer) is { } kept)
        {
            return kept;
        }

        var decoded = ManagedFieldsCodec.Decode(stored, out _) ?? [];
        var entries = Update(compare, decoded, writer);
        return ReferenceEquals(entries, decoded) ? stored : ManagedFieldsCodec.Encode(entries);
    }

    /// <summary>The entries with the writer's time updated, or null unless the writer alone owns every changed path.</summary>
    private static List<V1ManagedFieldsEntry>? WithOwnedValuesChanged(FieldSet modified, IList<V1ManagedFieldsEntry> stored, ManagerEntry writer)
    {
        var changed = modified.Paths().ToList();
        var result = new List<V1ManagedFieldsEntry>(stored.Count);
        var found = false;
        foreach (var e in stored)
        {
            if (e.FieldsType != "FieldsV1" || e.Operation is not (ManagerEntry.Apply or ManagerEntry.Update) || e.FieldsV1 is not RawFieldsV1 raw)
            {
                return null; // Malformed: the decoding path decides what to make of it.
            }

            var header = ManagedFieldsCodec.Entry(e, FieldSet.Empty);
            using var fields = JsonDocument.Parse(raw.Utf8Json);
            if (header.IsSameManager(writer))
            {
                if (found || !changed.All(path => IsMember(fields.RootElement, path)))
                {
                    return null;
                }

                found = true;
                result.Add(new V1ManagedFieldsEntry
                {
                    Manager = e.Manager,
                    Operation = e.Operation,
                    ApiVersion = e.ApiVersion,
                    Time = writer.Time,
                    FieldsType = e.FieldsType,
                    FieldsV1 = e.FieldsV1,
                    Subresource = e.Subresource,
                });
            }
            else if (changed.Any(path => IsMember(fields.RootElement, path)))
            {
                return null;
            }
            else
            {
                result.Add(e);
            }
        }

        return found ? ManagedFieldsCodec.InStoredOrder(result) : null;
    }

    /// <summary>Whether FieldsV1 JSON has <paramref name="path"/> as a member, as <see cref="FieldSet.FromFieldsV1"/> reads it.</summary>
    private static bool IsMember(JsonElement fields, IReadOnlyList<string> path)
    {
        var node = fields;
        foreach (var element in path)
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(element, out node))
            {
                return false;
            }
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var children = node.EnumerateObject();
        return !children.MoveNext() || node.TryGetProperty(".", out _);
    }

    private static IReadOnlyList<ManagerEntry> Update(FieldComparison compare, IReadOnlyList<ManagerEntry> managers, ManagerEntry writer)
    {
        if (compare.IsSame)
        {
            return managers;
        }

        var changed = compare.Added.Union(compare.Modified);
        var result = new List<ManagerEntry>(managers.Count + 1);
        FieldSet? previous = null;
        var time = writer.Time;
        foreach (var m in managers)
        {
            // Most writes touch fields one manager owns (a controller its status): the others stay as they are.
            var kept = m.Fields.Overlaps(changed) || m.Fields.Overlaps(compare.Removed)
                ? m.Fields.Difference(changed).Difference(compare.Removed)
                : m.Fields;
            if (m.IsSameManager(writer))
            {
                previous = kept;
                time = changed.IsEmpty ? m.Time : time;
                continue;
            }

            if (!kept.IsEmpty)
            {
                result.Add(ReferenceEquals(kept, m.Fields) ? m : m with { Fields = kept });
            }
        }

        var mine = previous is null ? changed : changed.IsSubsetOf(previous) ? previous : previous.Union(changed);
        if (!mine.IsEmpty)
        {
            result.Add(writer with { Time = time, Fields = mine });
        }

        return result;
    }

    /// <summary>
    /// Applies a configuration to a live object (null when it does not exist yet). Returns the new object and the
    /// ownership after the apply; throws <see cref="ApplyConflictException"/> when the apply would change fields
    /// others own and <paramref name="force"/> is off (with force, the applier takes them).
    /// </summary>
    public static (JsonObject Object, IReadOnlyList<ManagerEntry> Managers) Apply(
        JsonObject? live, JsonObject config, Type type, bool status, IReadOnlyList<ManagerEntry> managers, ManagerEntry applier, bool force)
    {
        var shape = ApplySchema.OfType(type);
        var stripped = StrippedFields.For(status);
        var configElement = JsonSerializer.SerializeToElement(config);
        var applied = FieldSetBuilder.ToFieldSet(configElement, shape, stripped);
        var merged = (JsonObject)(StructuredMerge.Merge(live ?? [], config, shape) ?? new JsonObject());

        var previous = managers.FirstOrDefault(m => m.IsSameManager(applier));
        var others = managers.Where(m => !m.IsSameManager(applier)).ToList();
        if (previous is not null && !previous.Fields.IsEmpty)
        {
            var owned = others.Aggregate(applied, (set, m) => set.Union(m.Fields));
            var remove = previous.Fields.Difference(owned);
            if (!remove.IsEmpty)
            {
                FieldRemoval.Remove(merged, remove, owned, shape);
            }
        }

        JsonElement? liveElement = live is null ? null : JsonSerializer.SerializeToElement(live);
        var compare = FieldComparison.Compare(liveElement, JsonSerializer.SerializeToElement(merged), shape, stripped);
        var changed = compare.Added.Union(compare.Modified);
        var conflicts = new List<FieldConflict>();
        var result = new List<ManagerEntry>(managers.Count + 1);
        foreach (var m in others)
        {
            var taken = m.Fields.Intersection(changed);
            if (!taken.IsEmpty && !force)
            {
                conflicts.AddRange(taken.Paths().Select(p => new FieldConflict(m, FieldSet.PathString(p))));
            }

            var kept = m.Fields.Difference(changed).Difference(compare.Removed);
            if (!kept.IsEmpty)
            {
                result.Add(m with { Fields = kept });
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ApplyConflictException(conflicts);
        }

        if (!applied.IsEmpty)
        {
            var time = compare.IsSame && previous is not null ? previous.Time : applier.Time;
            result.Add(applier with { Operation = ManagerEntry.Apply, Time = time, Fields = applied });
        }

        return (merged, result);
    }
}
