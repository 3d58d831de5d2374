using System.Runtime.InteropServices;

namespace Everynode.Agent.Images.Registry;

/// <summary>An image platform (os, architecture, variant) as image indexes and the node's
/// <c>kubernetes.io/os</c>/<c>kubernetes.io/arch</c> labels name it.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>This host's platform, in GOARCH words (<c>amd64</c>, <c>arm64</c>, <c>arm</c> v7).</summary>
    public static Platform Host { get; } = RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => new("linux", "amd64"),
        System.Runtime.InteropServices.Architecture.Arm64 => new("linux", "arm64", "v8"),
        System.Runtime.InteropServices.Architecture.Arm => new("linux", "arm", "v7"),
        System.Runtime.InteropServices.Architecture.X86 => new("linux", "386"),
        System.Runtime.InteropServices.Architecture.S390x => new("linux", "s390x"),
        System.Runtime.InteropServices.Architecture.Ppc64le => new("linux", "ppc64le"),
        System.Runtime.InteropServices.Architecture.RiscV64 => new("linux", "riscv64"),
        var other => new("linux", other.ToString().ToLowerInvariant()),
    };

    /// <summary>Whether an index entry for <paramref name="candidate"/> runs here. A missing variant matches the
    /// architecture's default one (arm64 is v8), as containerd's platform matcher does.</summary>
    public bool Accepts(Platform candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (!string.Equals(Os, candidate.Os, StringComparison.Ordinal)
            || !string.Equals(Architecture, candidate.Architecture, StringComparison.Ordinal))
        {
            return false;
        }

        var want = Variant ?? DefaultVariant(Architecture);
        var have = string.IsNullOrEmpty(candidate.Variant) ? DefaultVariant(candidate.Architecture) : candidate.Variant;
        return want is null || have is null || string.Equals(want, have, StringComparison.Ordinal);
    }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    private static string? DefaultVariant(string architecture) => architecture switch
    {
        "arm64" => "v8",
        "arm" => "v7",
        _ => null,
    };
}
