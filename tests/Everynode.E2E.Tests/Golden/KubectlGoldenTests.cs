namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// What every installed kubectl client (1.27 … 1.33) prints against everynode, line for line, compared with golden
/// files written from upstream's printers and describers (testdata/*.txt; see <see cref="GoldenScript"/>).
/// </summary>
[Collection(GoldenServerDefinition.Name)]
public sealed class KubectlGoldenTests(GoldenServerFixture fixture)
{
    [Theory]
    [GoldenCases(27)]
    [GoldenCases(28)]
    [GoldenCases(29)]
    [GoldenCases(30)]
    [GoldenCases(31)]
    [GoldenCases(32)]
    [GoldenCases(33)]
    public async Task Kubectl_PrintsWhatTheGoldenFileSays(string script, int minor)
    {
        var differences = await fixture.DifferencesAsync(script, minor);

        Assert.True(differences.Count == 0, string.Join("\n\n", differences));
    }
}
