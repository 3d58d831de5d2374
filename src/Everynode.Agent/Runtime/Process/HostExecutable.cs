namespace Everynode.Agent.Runtime.Process;

/// <summary>Finds an executable on the host as execvp would, with the container's PATH (unsandboxed containers).</summary>
internal static class HostExecutable
{
    private const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string? Find(string name, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? name : null;
        }

        var path = environment.LastOrDefault(e => e.Key == "PATH").Value ?? DefaultPath;
        return path.Split(':').Select(dir => Path.Combine(dir.Length == 0 ? "." : dir, name)).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) => File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
