using Everynode.Storage.Sqlite;

namespace Everynode.Storage.Tests;

public sealed class SqliteStoreConformanceTests : StoreConformanceTests
{
    private readonly SqliteTestDatabases _databases = new();

    protected override async Task<IStore> OpenStoreAsync(int watcherBufferSize) =>
        await SqliteStore.OpenAsync(_databases.Options(watcherBufferSize), default);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _databases.Delete();
    }
}
