using Everynode.Agent.Runtime;
using Everynode.Agent.Runtime.Process;

namespace Everynode.Agent.Tests.Process;

public sealed class SandboxCommandTests : IDisposable
{
    private static readonly SandboxTools Tools = new("/usr/bin/bwrap", "/usr/bin/unshare", "/usr/bin/mount", "/usr/bin/nsenter", IsRoot: true);

    private readonly TempDirectory _image = new();

    public SandboxCommandTests() => Directory.CreateDirectory(_image.Combine("srv"));

    public void Dispose() => _image.Delete();

    [Fact]
    public void Build_IsolatesPidMountAndUtsButKeepsTheHostNetwork()
    {
        var argv = SandboxCommand.Build(Spec(Launch()));

        Assert.Equal("/usr/bin/bwrap", argv[0]);
        Assert.Equal(["--bind", "/root-copy", "/"], argv[1..4]);
        Assert.Contains("--unshare-pid", argv);
        Assert.Contains("--unshare-uts", argv);
        Assert.Contains("--as-pid-1", argv);
        Assert.Contains("--die-with-parent", argv);
        Assert.DoesNotContain("--unshare-net", argv);
        Assert.DoesNotContain("--unshare-all", argv);
        Assert.Equal(["--", "sh", "-c", "echo $SECRET"], argv[^4..]);
        Assert.DoesNotContain(argv, a => a.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_BindsVolumesParentsFirstAndReadOnlyWhenAsked()
    {
        var launch = Launch() with
        {
            Mounts =
            [
                new ContainerMount("/host/logs/app", "/var/log/app", ReadOnly: true),
                new ContainerMount("/host/logs", "/var/log", ReadOnly: false),
            ],
        };

        var argv = SandboxCommand.Build(Spec(launch));

        var parent = IndexOfTriple(argv, "--bind", "/host/logs", "/var/log");
        var child = IndexOfTriple(argv, "--ro-bind", "/host/logs/app", "/var/log/app");
        Assert.True(parent > 0 && child > parent, string.Join(' ', argv));
    }

    [Fact]
    public void Build_CreatesAWorkingDirectoryTheImageLacks()
    {
        var present = SandboxCommand.Build(Spec(Launch() with { WorkingDirectory = "/srv" }));
        var missing = SandboxCommand.Build(Spec(Launch() with { WorkingDirectory = "/opt/app" }));

        Assert.Equal(-1, IndexOfPair(present, "--dir", "/srv"));
        Assert.True(IndexOfPair(present, "--chdir", "/srv") > 0);
        Assert.True(IndexOfPair(missing, "--dir", "/opt/app") > 0);
    }

    [Fact]
    public void Build_AsRoot_KeepsOnlyDockersDefaultCapabilities()
    {
        var argv = SandboxCommand.Build(Spec(Launch()));
        Assert.True(IndexOfPair(argv, "--cap-drop", "ALL") > 0);
        Assert.True(IndexOfPair(argv, "--cap-add", "CAP_NET_BIND_SERVICE") > 0);
        Assert.Equal(-1, IndexOfPair(argv, "--cap-add", "CAP_SYS_ADMIN"));

        var unprivileged = SandboxCommand.Build(Spec(Launch()) with { Tools = Tools with { IsRoot = false } });
        Assert.DoesNotContain("--cap-drop", unprivileged);
    }

    [Fact]
    public void Build_WithAnOverlay_MountsItInAPrivateMountNamespaceFirst()
    {
        var overlay = new OverlayRoot(_image.Path, "/c/upper", "/c/work", "/c/merged");
        var argv = SandboxCommand.Build(Spec(Launch()) with { Overlay = overlay });

        Assert.Equal(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh", "-c"], argv[..6]);
        Assert.Equal(["everynode-sandbox", _image.Path, "/c/upper", "/c/work", "/c/merged", "/usr/bin/bwrap", "--bind", "/c/merged", "/"], argv[7..16]);
    }

    [Theory]
    [InlineData("short", "short")]
    [InlineData("a-very-long-pod-name-that-goes-on-and-on-and-on-well-past-sixty-three-characters", "a-very-long-pod-name-that-goes-on-and-on-and-on-well-past-sixty")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-bbbb", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Hostname_IsCutTo63CharactersAsTheKubeletDoes(string podName, string hostname) =>
        Assert.Equal(hostname, SandboxCommand.Hostname(podName));

    private SandboxSpec Spec(ContainerLaunch launch) => new(Tools, launch, "/root-copy", null, _image.Path);

    private static ContainerLaunch Launch() => new()
    {
        PodUid = "uid",
        PodNamespace = "default",
        PodName = "pod",
        ContainerName = "c",
        Attempt = 0,
        Image = new ImageConfig("busybox", "sha256:" + new string('1', 64), [], ["sh"], [], null),
        Argv = ["sh", "-c", "echo $SECRET"],
        Environment = [new("SECRET", "s3cret")],
        WorkingDirectory = "/",
        Mounts = [],
        Hostname = "pod",
        Output = new RecordingOutput(),
    };

    private static int IndexOfPair(List<string> argv, string flag, string value)
    {
        for (var i = 0; i + 1 < argv.Count; i++)
        {
            if (argv[i] == flag && argv[i + 1] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfTriple(List<string> argv, string flag, string from, string to)
    {
        var i = IndexOfPair(argv, flag, from);
        return i >= 0 && argv[i + 2] == to ? i : -1;
    }
}
