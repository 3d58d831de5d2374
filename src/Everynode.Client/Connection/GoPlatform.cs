using System.Runtime.InteropServices;

namespace Everynode.Client.Connection;

/// <summary>This machine's operating system and architecture as Go (and so Kubernetes) spells them.</summary>
public static class GoPlatform
{
    /// <summary>GOOS: <c>linux</c> on every machine Everynode's nodes run on.</summary>
    public static string OperatingSystemName => OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();

    /// <summary>GOARCH: <c>amd64</c>, <c>arm64</c>, …</summary>
    public static string Architecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => "amd64",
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        System.Runtime.InteropServices.Architecture.X86 => "386",
        System.Runtime.InteropServices.Architecture.S390x => "s390x",
        System.Runtime.InteropServices.Architecture.Ppc64le => "ppc64le",
        System.Runtime.InteropServices.Architecture.RiscV64 => "riscv64",
        var other => other.ToString().ToLowerInvariant(),
    };
}
