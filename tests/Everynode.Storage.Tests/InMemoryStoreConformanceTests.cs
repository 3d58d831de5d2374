using Everynode.Storage.InMemory;

namespace Everynode.Storage.Tests;

public sealed class InMemoryStoreConformanceTests : StoreConformanceTests
{
    protected override Task<IStore> OpenStoreAsync(int watcherBufferSize) => Task.FromResult<IStore>(new InMemoryStore(watcherBufferSize));
}
