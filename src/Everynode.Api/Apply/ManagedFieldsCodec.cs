using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Everynode.Api.Apply;

/// <summary>
/// <c>metadata.managedFields</c> to and from <see cref="ManagerEntry"/>: FieldsV1 only, entries in upstream's order
/// (Apply before Update, then by time, manager, apiVersion, subresource).
/// </summary>
/// <remarks>
/// Every write decodes the stored entries and encodes the new ones, so both ends are cached: decoded sets by their
/// FieldsV1 text (objects made from one template share them), and the FieldsV1 a set was decoded from, reused when the
/// set comes back unchanged. Sets are immutable once built, which makes both caches safe.
/// </remarks>
public static class ManagedFieldsCodec
{
    private const int MaxCachedSets = 4096;
    private static readonly ConcurrentDictionary<string, FieldSet> Decoded = new(StringComparer.Ordinal);
    private static readonly ConditionalWeakTable<FieldSet, object> Encoded = [];

    /// <summary>True when a request asks to clear managedFields: an empty list, or one empty entry (upstream's reset).</summary>
    public static bool IsReset(IList<V1ManagedFieldsEntry>? entries) =>
        entries is { Count: 0 }
        || (entries is { Count: 1 } && entries[0] is { Manager: null or "", Operation: null or "", ApiVersion: null or "", Time: null, FieldsType: null or "", FieldsV1: null, Subresource: null or "" });

    /// <summary>Decodes entries; null (with the reason) when any entry is malformed.</summary>
    public static IReadOnlyList<ManagerEntry>? Decode(IList<V1ManagedFieldsEntry>? entries, out string? error)
    {
        error = null;
        var result = new List<ManagerEntry>();
        foreach (var e in entries ?? [])
        {
            if (e.FieldsType != "FieldsV1")
            {
                error = $"unsupported fieldsType \"{e.FieldsType}\"";
                return null;
            }

            if (e.Operation is not (ManagerEntry.Apply or ManagerEntry.Update))
            {
                error = $"unsupported operation \"{e.Operation}\"";
                return null;
            }

            var fields = e.FieldsV1 is { } value ? DecodeFields(value, out error) : new FieldSet();
            if (fields is null)
            {
                return null;
            }

            if (e.FieldsV1 is not null)
            {
                Encoded.AddOrUpdate(fields, e.FieldsV1);
            }

            var entry = Entry(e, fields);
            if (result.Any(r => r.IsSameManager(entry)))
            {
                error = $"duplicate entry for manager \"{entry.Manager}\"";
                return null;
            }

            result.Add(entry);
        }

        return result;
    }

    /// <summary>A stored entry's manager, operation, apiVersion, time and subresource, with <paramref name="fields"/>.</summary>
    public static ManagerEntry Entry(V1ManagedFieldsEntry e, FieldSet fields) =>
        new(e.Manager ?? "", e.Operation, e.ApiVersion ?? "", e.Time, NullIfEmpty(e.Subresource), fields);

    public static List<V1ManagedFieldsEntry>? Encode(IReadOnlyList<ManagerEntry> entries)
    {
        if (entries.Count == 0)
        {
            return null;
        }

        return InStoredOrder(entries.Select(e => new V1ManagedFieldsEntry
        {
            Manager = e.Manager,
            Operation = e.Operation,
            ApiVersion = e.ApiVersion,
            Time = e.Time,
            FieldsType = "FieldsV1",
            FieldsV1 = Encoded.TryGetValue(e.Fields, out var raw) ? raw : e.Fields.ToFieldsV1(),
            Subresource = e.Subresource,
        }));
    }

    /// <summary>Entries in the order they are stored: by operation, time (to the second), manager, apiVersion, subresource.</summary>
    public static List<V1ManagedFieldsEntry> InStoredOrder(IEnumerable<V1ManagedFieldsEntry> entries) =>
        entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time?.Ticks / TimeSpan.TicksPerSecond ?? 0)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? "", StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The field set of one FieldsV1 value: from the cache when its text was decoded before (the API server's codec
    /// reads FieldsV1 as <see cref="RawFieldsV1"/>, so a cache hit parses nothing), else parsed and cached.
    /// </summary>
    private static FieldSet? DecodeFields(object value, out string? error)
    {
        error = null;
        var text = value is RawFieldsV1 raw ? raw.ToString() : ToElement(value).GetRawText();
        if (Decoded.TryGetValue(text, out var cached))
        {
            return cached;
        }

        using var document = JsonDocument.Parse(text);
        var fields = FieldSet.FromFieldsV1(document.RootElement, out error);
        if (fields is not null)
        {
            if (Decoded.Count >= MaxCachedSets)
            {
                Decoded.Clear();
            }

            Decoded.TryAdd(text, fields);
        }

        return fields;
    }

    private static JsonElement ToElement(object value) => value switch
    {
        JsonElement e => e,
        JsonNode n => JsonSerializer.SerializeToElement(n),
        _ => JsonSerializer.SerializeToElement(value),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
