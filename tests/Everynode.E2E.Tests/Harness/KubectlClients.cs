namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// The real kubectl clients installed beside the <c>kubectl</c> dispatcher on PATH (<c>kubectl.1.27</c> …
/// <c>kubectl.1.33</c>): the dispatcher runs the one matching the server's minor version, the tests run each in turn.
/// </summary>
internal static class KubectlClients
{
    public const int OldestMinor = 27;
    public const int NewestMinor = 33;

    private static readonly Lazy<string?> DispatcherDirectory = new(FindDispatcherDirectory);

    /// <summary>Every minor version the suite runs against, installed or not.</summary>
    public static IReadOnlyList<int> Minors { get; } = [.. Enumerable.Range(OldestMinor, NewestMinor - OldestMinor + 1)];

    /// <summary>The path of client 1.<paramref name="minor"/>, or null when it is not installed.</summary>
    public static string? PathOf(int minor)
    {
        if (DispatcherDirectory.Value is not { } directory)
        {
            return null;
        }

        var path = System.IO.Path.Combine(directory, $"kubectl.1.{minor}");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Why client 1.<paramref name="minor"/> cannot run here, or null when it can.</summary>
    public static string? WhyMissing(int minor) =>
        PathOf(minor) is not null ? null
        : DispatcherDirectory.Value is null ? "kubectl is not on PATH"
        : $"kubectl 1.{minor} is not installed (no kubectl.1.{minor} beside {DispatcherDirectory.Value}/kubectl)";

    /// <summary>The directory of the real file behind <c>kubectl</c> on PATH (symbolic links resolved).</summary>
    private static string? FindDispatcherDirectory()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, "kubectl");
            if (!File.Exists(candidate))
            {
                continue;
            }

            var target = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            return System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(target));
        }

        return null;
    }
}
