using Everynode.Agent.Images;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Tests.Images;

public sealed class ImageStoreTests : IDisposable
{
    private static readonly byte[] Config = TestArchive.Config(["/bin/agent"], ["--serve"], ["PATH=/bin", "MODE=test"], "/srv");

    private readonly TempDirectory _temp = new();
    private readonly ImageStore _store;

    public ImageStoreTests() => _store = new ImageStore(_temp.Combine("images"));

    public void Dispose() => _temp.Delete();

    [Fact]
    public async Task Import_DockerSave_AppliesLayersInOrderWithWhiteoutsAndOpaqueDirectories()
    {
        var lower = TestArchive.Tar(
            TestArchive.Dir("etc/"),
            TestArchive.File("etc/a", "a"),
            TestArchive.File("etc/b", "b"),
            TestArchive.Dir("dir/"),
            TestArchive.File("dir/x", "x"),
            TestArchive.Dir("dir/sub/"),
            TestArchive.File("dir/sub/y", "y"),
            TestArchive.File("bin/agent", "#!/bin/sh\n", "755"),
            TestArchive.Symlink("bin/alias", "agent"),
            TestArchive.HardLink("bin/hard", "bin/agent"),
            TestArchive.File("replaced", "file"));
        var upper = TestArchive.Gzip(TestArchive.Tar(
            TestArchive.File("etc/.wh.a", ""),
            TestArchive.File("dir/z", "z"),
            TestArchive.File("dir/.wh..wh..opq", ""),
            TestArchive.Dir("replaced/"),
            TestArchive.File("replaced/inside", "now a directory")));
        var archive = _temp.Combine("agent.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("example.com/agent:1.0", Config, lower, upper));

        var image = await _store.ImportAsync("example.com/agent:1.0", archive, CancellationToken.None);

        Assert.Equal(TestArchive.Digest(Config), image.Id);
        var root = image.RootfsPath;
        Assert.False(File.Exists(Path.Combine(root, "etc/a")));
        Assert.Equal("b", await File.ReadAllTextAsync(Path.Combine(root, "etc/b")));
        Assert.Equal(["z"], Directory.EnumerateFileSystemEntries(Path.Combine(root, "dir")).Select(p => Path.GetFileName(p)!).ToArray());
        Assert.Equal("agent", new FileInfo(Path.Combine(root, "bin/alias")).LinkTarget);
        Assert.True((File.GetUnixFileMode(Path.Combine(root, "bin/agent")) & UnixFileMode.UserExecute) != 0);
        await File.AppendAllTextAsync(Path.Combine(root, "bin/hard"), "echo");
        Assert.EndsWith("echo", await File.ReadAllTextAsync(Path.Combine(root, "bin/agent")), StringComparison.Ordinal);
        Assert.Equal("now a directory", await File.ReadAllTextAsync(Path.Combine(root, "replaced/inside")));

        var config = (await _store.ResolveAsync("example.com/agent:1.0", CancellationToken.None)).ToImageConfig("example.com/agent:1.0");
        Assert.Equal(["/bin/agent"], config.Entrypoint);
        Assert.Equal(["--serve"], config.Cmd);
        Assert.Equal(["PATH=/bin", "MODE=test"], config.Env);
        Assert.Equal("/srv", config.WorkingDir);
        Assert.Equal(image.Id, config.ImageId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_OciLayout_ReadsGzipLayersAndPicksThisHostsPlatform(bool multiPlatform)
    {
        var layer = TestArchive.Gzip(TestArchive.Tar(TestArchive.Dir("app/"), TestArchive.File("app/hello", "from oci")));
        var archive = _temp.Combine("oci.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.OciLayout("2.1", Config, multiPlatform, layer));

        await _store.ImportAsync("registry.local/team/hello:2.1", archive, CancellationToken.None);

        var image = await _store.ResolveAsync("registry.local/team/hello:2.1", CancellationToken.None);
        Assert.Equal("from oci", await File.ReadAllTextAsync(Path.Combine(image.RootfsPath, "app/hello")));
        Assert.Equal(["/bin/agent"], image.Entrypoint);
    }

    [Fact]
    public async Task Import_GzippedArchive_IsRead()
    {
        var archive = _temp.Combine("agent.tar.gz");
        var layer = TestArchive.Tar(TestArchive.File("f", "gz"));
        await File.WriteAllBytesAsync(archive, TestArchive.Gzip(TestArchive.DockerSave("agent:gz", Config, layer)));
        var image = await _store.ImportAsync("agent:gz", archive, CancellationToken.None);
        Assert.Equal("gz", await File.ReadAllTextAsync(Path.Combine(image.RootfsPath, "f")));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("a/../../escaped")]
    public async Task Import_EntryClimbingAboveTheRoot_IsRefusedAndWritesNothingOutside(string name)
    {
        var archive = _temp.Combine("evil.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("evil:1", Config, TestArchive.Tar(TestArchive.File(name, "pwned"))));

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => _store.ImportAsync("evil:1", archive, CancellationToken.None));
        Assert.Contains("escapes the image root", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_temp.Path, "escaped", SearchOption.AllDirectories));
        await Assert.ThrowsAsync<ImageNotPresentException>(() => _store.ResolveAsync("evil:1", CancellationToken.None));
    }

    [Fact]
    public async Task Import_SymlinksPointingOutside_AreResolvedInsideTheRoot()
    {
        var outside = _temp.Combine("outside");
        Directory.CreateDirectory(outside);
        var layer = TestArchive.Tar(
            TestArchive.Symlink("abs", outside),
            TestArchive.File("abs/pwned", "absolute"),
            TestArchive.Symlink("rel", "../../../../../../../../" + outside.TrimStart('/')),
            TestArchive.File("rel/pwned2", "relative"));
        var archive = _temp.Combine("links.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("links:1", Config, layer));

        var image = await _store.ImportAsync("links:1", archive, CancellationToken.None);

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal("absolute", await File.ReadAllTextAsync(image.RootfsPath + outside + "/pwned"));
        Assert.Equal("relative", await File.ReadAllTextAsync(image.RootfsPath + outside + "/pwned2"));
        Assert.Equal(outside, new FileInfo(Path.Combine(image.RootfsPath, "abs")).LinkTarget);
    }

    [Fact]
    public async Task Import_HardLinkToAFileOutside_IsRefused()
    {
        var layer = TestArchive.Tar(TestArchive.HardLink("passwd", "../../../../etc/passwd"));
        var archive = _temp.Combine("hard.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("hard:1", Config, layer));
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ImportAsync("hard:1", archive, CancellationToken.None));
    }

    [Fact]
    public async Task Import_NotAnImageArchive_SaysSo()
    {
        var archive = _temp.Combine("plain.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.Tar(TestArchive.File("readme", "hi")));
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => _store.ImportAsync("plain:1", archive, CancellationToken.None));
        Assert.Contains("manifest.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_MissingImage_SaysItIsNotInTheStoreAndHowToImportIt()
    {
        var e = await Assert.ThrowsAsync<ImageNotPresentException>(() => _store.ResolveAsync("nginx:1.27", CancellationToken.None));
        Assert.Contains("image \"nginx:1.27\" is not in this node's image store", e.Message, StringComparison.Ordinal);
        Assert.Contains("everynode image import nginx:1.27 FILE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAndRemove_ShowTagsAndDeleteUntaggedImages()
    {
        var archive = _temp.Combine("agent.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("agent:1", Config, TestArchive.Tar(TestArchive.File("f", "1"))));
        var image = await _store.ImportAsync("agent:1", archive, CancellationToken.None);
        await _store.ImportAsync("docker.io/library/agent:2", archive, CancellationToken.None);

        Assert.Equal([("docker.io/library/agent", "1"), ("docker.io/library/agent", "2")], _store.List().Select(r => (r.Repository, r.Tag)).ToArray());
        Assert.All(_store.List(), r => Assert.Equal(image.Id, r.Image.Id));

        Assert.Equal(["Untagged: docker.io/library/agent:1"], await _store.RemoveAsync("agent:1", CancellationToken.None));
        Assert.True(Directory.Exists(image.RootfsPath));
        Assert.Equal(["Untagged: docker.io/library/agent:2", "Deleted: " + image.Id], await _store.RemoveAsync("agent:2", CancellationToken.None));
        Assert.False(Directory.Exists(image.RootfsPath));
        Assert.Empty(_store.List());
        await Assert.ThrowsAsync<ImageNotPresentException>(() => _store.RemoveAsync("agent:2", CancellationToken.None));
    }

    [Fact]
    public async Task Remove_ByIdPrefix_DeletesTheImageAndAllItsTags()
    {
        var archive = _temp.Combine("agent.tar");
        await File.WriteAllBytesAsync(archive, TestArchive.DockerSave("agent:1", Config, TestArchive.Tar(TestArchive.File("f", "1"))));
        var image = await _store.ImportAsync("agent:1", archive, CancellationToken.None);
        await _store.ImportAsync("agent:latest", archive, CancellationToken.None);

        var lines = await _store.RemoveAsync(image.Id[7..19], CancellationToken.None);

        Assert.Equal(3, lines.Count);
        Assert.Empty(_store.List());
    }

    [BusyboxFact]
    public async Task Resolve_BusyboxUnderAnyTag_IsBuiltFromTheHostsStaticBusybox()
    {
        var latest = await _store.ResolveAsync("busybox", CancellationToken.None);
        var tagged = await _store.ResolveAsync("docker.io/library/busybox:1.36", CancellationToken.None);

        Assert.Equal(latest.Id, tagged.Id);
        Assert.Equal(["sh"], latest.Cmd);
        Assert.Empty(latest.Entrypoint);
        Assert.Contains(latest.Env, e => e.StartsWith("PATH=", StringComparison.Ordinal) && e.Contains("/bin", StringComparison.Ordinal));
        Assert.Equal("busybox", new FileInfo(Path.Combine(latest.RootfsPath, "bin/sh")).LinkTarget);
        Assert.True(File.Exists(Path.Combine(latest.RootfsPath, "bin/busybox")));
        Assert.Contains("root:x:0:0:", await File.ReadAllTextAsync(Path.Combine(latest.RootfsPath, "etc/passwd")), StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(latest.RootfsPath, "var/log")));
        Assert.Equal(["busybox:1.36", "busybox:latest"], _store.List().Select(r => ImageReference.Parse(r.Repository + ":" + r.Tag).Familiar).ToArray());
    }
}
