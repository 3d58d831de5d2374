namespace Everynode.Storage.Tests;

/// <summary>The suite on a three-member cluster: reads and writes go round-robin over the members.</summary>
public sealed class EtcdThreeMemberStoreConformanceTests : EtcdStoreConformanceTests
{
    protected override int Members => 3;
}
