using Everynode.Storage.Sqlite;

namespace Everynode.Storage.Tests;

public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly TempDirectory _directory = new();

    protected override async Task<IStore> OpenStoreAsync(int watcherBufferSize) =>
        await SqliteStore.OpenAsync(_directory.Options(watcherBufferSize), default);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete();
    }
}
