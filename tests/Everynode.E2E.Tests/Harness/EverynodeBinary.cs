using System.Diagnostics;
using System.Reflection;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// Finds the <c>everynode</c> binary built by the project reference: in the test output directory when the build
/// copied a runnable copy there (everything in one output folder), else in the Cli project's own output for the
/// same configuration.
/// </summary>
internal static class EverynodeBinary
{
    private static readonly Lazy<string> Directory = new(Find);

    /// <summary>A start description for <c>everynode ARGS</c>: the apphost when present, else <c>dotnet everynode.dll</c>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var directory = Directory.Value;
        var apphost = Path.Combine(directory, "everynode");
        ProcessStartInfo startInfo;
        if (File.Exists(apphost))
        {
            startInfo = new ProcessStartInfo(apphost);
        }
        else
        {
            startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
            startInfo.ArgumentList.Add(Path.Combine(directory, "everynode.dll"));
        }

        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return startInfo;
    }

    private static string Find()
    {
        var fallback = typeof(EverynodeBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "EverynodeCliOutput")?.Value;
        string[] candidates = fallback is null ? [AppContext.BaseDirectory] : [AppContext.BaseDirectory, fallback];
        return candidates.FirstOrDefault(IsRunnable)
            ?? throw new FileNotFoundException($"no runnable everynode (everynode.dll with its runtimeconfig and deps files) in {string.Join(" or ", candidates)}");
    }

    private static bool IsRunnable(string directory) =>
        File.Exists(Path.Combine(directory, "everynode.dll"))
        && File.Exists(Path.Combine(directory, "everynode.runtimeconfig.json"))
        && File.Exists(Path.Combine(directory, "everynode.deps.json"));
}
