namespace Everynode.Agent.Images;

/// <summary>
/// Resolves a path inside a root filesystem to a host path that is guaranteed to stay under the root, the way the
/// container will see it: symlinks met on the way are followed with the root as <c>/</c> (an absolute target
/// <c>/etc</c> means <c>ROOT/etc</c>, never the host's), and <c>..</c> stops at the root.
/// Invariant: every path this returns starts with the root; nothing the image contains can make us touch a host file.
/// </summary>
internal static class RootfsPath
{
    private const int MaxSymlinkHops = 40;

    /// <summary>Resolves <paramref name="path"/> under <paramref name="root"/>. The last component is followed only when
    /// <paramref name="followLast"/> is true (false when the caller creates or replaces that entry itself).</summary>
    public static string Resolve(string root, string path, bool followLast)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>();
        PushComponents(pending, path);
        var hops = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component.Length == 0 || component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = Join(root, resolved, component);
            var isLast = pending.Count == 0;
            if ((!isLast || followLast) && new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++hops > MaxSymlinkHops)
                {
                    throw new IOException($"too many levels of symbolic links resolving {path}");
                }

                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                PushComponents(pending, target);
                continue;
            }

            resolved.Add(component);
        }

        return resolved.Count == 0 ? root : Join(root, resolved, null);
    }

    /// <summary>
    /// Normalises a tar entry name to a path relative to the root. Entries that climb above the root lexically
    /// (<c>../x</c>, <c>a/../../x</c>) are refused outright, as docker refuses them.
    /// </summary>
    public static string CleanEntryName(string name)
    {
        var parts = new List<string>();
        foreach (var component in name.Split('/'))
        {
            if (component.Length == 0 || component == ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (parts.Count == 0)
                {
                    throw new InvalidDataException($"invalid archive: entry \"{name}\" escapes the image root");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(component);
        }

        return string.Join('/', parts);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var components = path.Split('/');
        for (var i = components.Length - 1; i >= 0; i--)
        {
            pending.Push(components[i]);
        }
    }

    private static string Join(string root, List<string> components, string? last)
    {
        var joined = components.Count == 0 ? root : root.TrimEnd('/') + "/" + string.Join('/', components);
        return last is null ? joined : joined.TrimEnd('/') + "/" + last;
    }
}
