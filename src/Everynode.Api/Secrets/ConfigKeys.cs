using System.Text.RegularExpressions;

namespace Everynode.Api.Secrets;

/// <summary>Keys of a Secret's or ConfigMap's data (upstream's IsConfigMapKey).</summary>
public static partial class ConfigKeys
{
    private const int MaxLength = 253;

    public static IReadOnlyList<string> Check(string key)
    {
        var errs = new List<string>();
        if (key.Length > MaxLength)
        {
            errs.Add($"must be no more than {MaxLength} characters");
        }

        if (!KeyPattern().IsMatch(key))
        {
            errs.Add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }

        if (key is "." or "..")
        {
            errs.Add(key == "." ? "must not be '.'" : "must not be '..'");
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errs.Add("must not start with '..'");
        }

        return errs;
    }

    /// <summary>Equal byte maps (data of Secrets, binaryData of ConfigMaps), for the immutable checks.</summary>
    public static bool SameData(IDictionary<string, byte[]>? a, IDictionary<string, byte[]>? b)
    {
        a ??= new Dictionary<string, byte[]>();
        b ??= new Dictionary<string, byte[]>();
        return a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && (kv.Value ?? []).AsSpan().SequenceEqual(other ?? []));
    }

    [GeneratedRegex("^[-._a-zA-Z0-9]+$")]
    private static partial Regex KeyPattern();
}
