namespace Everynode.E2E.Tests.Golden;

/// <summary>The golden scripts share one server with every controller on.</summary>
[CollectionDefinition(Name)]
public sealed class GoldenServerDefinition : ICollectionFixture<GoldenServerFixture>
{
    public const string Name = "golden server";
}
