namespace Everynode.E2E.Tests.Harness;

/// <summary>The tests that share one server run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedServerDefinition : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "shared server";
}
