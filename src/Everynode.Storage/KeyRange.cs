namespace Everynode.Storage;

/// <summary>
/// The half-open key range [Start, End) that a prefix (and an optional inclusive start key) covers.
/// Keys compare ordinally; a null <see cref="End"/> means the range runs to the last key.
/// </summary>
internal readonly record struct KeyRange(string Start, string? End)
{
    public static KeyRange ForPrefix(string prefix, string? startKey = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var end = PrefixEnd(prefix);
        var start = startKey is not null && string.CompareOrdinal(startKey, prefix) > 0 ? startKey : prefix;
        return new KeyRange(start, end);
    }

    public bool Contains(string key) =>
        string.CompareOrdinal(key, Start) >= 0 && (End is null || string.CompareOrdinal(key, End) < 0);

    public bool IsEmpty => End is not null && string.CompareOrdinal(Start, End) >= 0;

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>: the prefix with its last
    /// character incremented (trailing characters that cannot be incremented are dropped). Null when there is none.
    /// </summary>
    /// <remarks>
    /// Kubernetes keys are ASCII, where UTF-16 order (in memory) and UTF-8 byte order (SQLite) agree. Surrogates are not
    /// incremented, so for keys outside the basic plane the range may only be wider, never narrower, than the prefix;
    /// callers that need exactness also check <see cref="string.StartsWith(string, StringComparison)"/>.
    /// </remarks>
    public static string? PrefixEnd(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            var c = prefix[i];
            if (c < '\uD7FF' || (c >= '\uE000' && c < '\uFFFF'))
            {
                return prefix[..i] + (char)(c + 1);
            }
        }

        return null;
    }
}
