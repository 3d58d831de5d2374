using Everynode.Agent.Volumes;

namespace Everynode.Agent.Tests.Volumes;

public sealed class HostPathCheckTests : IDisposable
{
    private readonly TempDirectory _root = new("everynode-hostpath-");

    public void Dispose() => _root.Delete();

    [Fact]
    public void DirectoryOrCreate_CreatesTheFolder()
    {
        var path = _root.Combine("logs");
        Assert.Equal(path, HostPathCheck.Apply(path, "DirectoryOrCreate"));
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void FileOrCreate_CreatesAnEmptyFile()
    {
        var path = _root.Combine("f.txt");
        HostPathCheck.Apply(path, "FileOrCreate");
        Assert.True(File.Exists(path));
    }

    [Theory]
    [InlineData("Directory", "is not a directory")]
    [InlineData("File", "is not a file")]
    [InlineData("Socket", "is not a socket file")]
    [InlineData("CharDevice", "is not a character device")]
    [InlineData("BlockDevice", "is not a block device")]
    public void MissingPath_FailsWithUpstreamsMessage(string type, string what)
    {
        var path = _root.Combine("missing");
        var e = Assert.Throws<HostPathCheckException>(() => HostPathCheck.Apply(path, type));
        Assert.Equal($"hostPath type check failed: {path} {what}", e.Message);
    }

    [Fact]
    public void KindsAreTold_Apart()
    {
        var file = _root.Combine("file");
        File.WriteAllText(file, "x");
        Assert.Equal(file, HostPathCheck.Apply(file, "File"));
        Assert.Throws<HostPathCheckException>(() => HostPathCheck.Apply(file, "Directory"));
        Assert.Throws<HostPathCheckException>(() => HostPathCheck.Apply(_root.Path, "File"));
        Assert.Equal("/dev/null", HostPathCheck.Apply("/dev/null", "CharDevice"));
        Assert.Throws<HostPathCheckException>(() => HostPathCheck.Apply("/dev/null", "File"));
    }

    [Fact]
    public void EmptyType_AcceptsAnything_EvenMissing() =>
        Assert.Equal("/nonexistent/x", HostPathCheck.Apply("/nonexistent/x", ""));

    [Fact]
    public void VolumeFailure_ReadsAsUpstreamsFailedMountMessage() =>
        Assert.Equal(
            "MountVolume.SetUp failed for volume \"data\" : hostPath type check failed: /x is not a directory",
            new VolumeSetUpException("data", "hostPath type check failed: /x is not a directory").Message);
}
