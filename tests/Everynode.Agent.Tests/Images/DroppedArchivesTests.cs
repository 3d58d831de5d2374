using Everynode.Agent.Images;

namespace Everynode.Agent.Tests.Images;

/// <summary>Archives dropped in a node's images/ folder, and pruning.</summary>
public sealed class DroppedArchivesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Delete();

    [Fact]
    public async Task Dropped_archives_are_imported_under_their_names_once_and_a_bad_one_is_reported()
    {
        var folder = _temp.Combine("node", "images");
        Directory.CreateDirectory(folder);
        var config = TestArchive.Config(null, ["sh"], ["PATH=/bin"], null);
        var layer = TestArchive.Tar(TestArchive.Dir("etc/"), TestArchive.File("etc/marker", "dropped"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "agent.tar"), TestArchive.DockerSave("example.com/agent:1.0", config, layer));
        await File.WriteAllBytesAsync(Path.Combine(folder, "oci.tar.gz"), TestArchive.Gzip(TestArchive.OciLayout("quay.io/team/tool:2", config, false, TestArchive.Gzip(layer))));
        await File.WriteAllTextAsync(Path.Combine(folder, "broken.tar"), "not a tar");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "ignored");
        var store = new ImageStore(_temp.Combine("store"));
        var reports = new List<string>();

        var first = await store.ImportDroppedAsync(folder, reports.Add, CancellationToken.None);
        var second = await store.ImportDroppedAsync(folder, reports.Add, CancellationToken.None);

        Assert.Equal(2, first);
        Assert.Equal(0, second);
        Assert.Equal(["example.com/agent:1.0", "quay.io/team/tool:2"], store.List().Select(r => r.Repository + ":" + r.Tag));
        Assert.Contains(reports, r => r.Contains("broken.tar", StringComparison.Ordinal) && r.Contains("not imported", StringComparison.Ordinal));
        Assert.DoesNotContain(reports, r => r.Contains("notes.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prune_removes_only_images_no_tag_or_digest_names()
    {
        var store = new ImageStore(_temp.Combine("store"));
        var v1 = _temp.Combine("v1.tar");
        var v2 = _temp.Combine("v2.tar");
        await File.WriteAllBytesAsync(v1, TestArchive.DockerSave("example.com/app:1", TestArchive.Config(null, ["one"], [], null), TestArchive.Tar(TestArchive.File("a", "1"))));
        await File.WriteAllBytesAsync(v2, TestArchive.DockerSave("example.com/app:1", TestArchive.Config(null, ["two"], [], null), TestArchive.Tar(TestArchive.File("a", "2"))));
        var old = await store.ImportAsync("example.com/app:1", v1, CancellationToken.None);
        var current = await store.ImportAsync("example.com/app:1", v2, CancellationToken.None);

        var (lines, reclaimed) = await store.PruneAsync(CancellationToken.None);

        Assert.Equal(["Deleted: " + old.Id], lines);
        Assert.True(reclaimed > 0);
        Assert.Null(store.FindById(old.Id));
        Assert.NotNull(store.FindById(current.Id));
    }
}
