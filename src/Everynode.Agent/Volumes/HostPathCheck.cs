namespace Everynode.Agent.Volumes;

/// <summary>
/// upstream's hostPath type checks: "" mounts whatever is there (or nothing), DirectoryOrCreate and FileOrCreate
/// create what is missing (0755 folder, empty 0644 file), the others require an existing object of that kind.
/// </summary>
internal static class HostPathCheck
{
    /// <summary>Checks (and for the OrCreate types creates) the path; returns it.</summary>
    public static string Apply(string path, string type)
    {
        var exists = UnixFileKinds.Of(path) != UnixFileKind.Missing;
        switch (type)
        {
            case "":
                return path;
            case "DirectoryOrCreate":
                if (!exists)
                {
                    Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                    return path;
                }

                return Directory.Exists(path) ? path : throw NotA(path, "a directory");
            case "Directory":
                if (!exists)
                {
                    throw new HostPathCheckException($"hostPath type check failed: {path} is not a directory");
                }

                return Directory.Exists(path) ? path : throw NotA(path, "a directory");
            case "FileOrCreate":
                if (!exists)
                {
                    using (File.Create(path))
                    {
                    }

                    return path;
                }

                return IsRegularFile(path) ? path : throw NotA(path, "a file");
            case "File":
                return exists && IsRegularFile(path) ? path : throw NotA(path, "a file");
            case "Socket":
                return exists && Kind(path) == UnixFileKind.Socket ? path : throw NotA(path, "a socket file");
            case "CharDevice":
                return exists && Kind(path) == UnixFileKind.CharDevice ? path : throw NotA(path, "a character device");
            case "BlockDevice":
                return exists && Kind(path) == UnixFileKind.BlockDevice ? path : throw NotA(path, "a block device");
            default:
                throw new HostPathCheckException($"hostPath type check failed: unknown type {type}");
        }
    }

    private static HostPathCheckException NotA(string path, string what) => new($"hostPath type check failed: {path} is not {what}");

    private static bool IsRegularFile(string path) => Kind(path) == UnixFileKind.Regular;

    private static UnixFileKind Kind(string path) => UnixFileKinds.Of(path);
}
