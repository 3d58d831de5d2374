namespace Everynode.Storage.Tests;

public sealed class EtcdSingleMemberStoreConformanceTests : EtcdStoreConformanceTests
{
    protected override int Members => 1;
}
