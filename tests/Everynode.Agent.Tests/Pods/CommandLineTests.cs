using Everynode.Agent.Pods;

namespace Everynode.Agent.Tests.Pods;

public sealed class CommandLineTests
{
    private static readonly Dictionary<string, string> Env = new(StringComparer.Ordinal) { ["A"] = "alpha", ["EMPTY"] = "" };

    [Theory]
    [InlineData("$(A)", "alpha")]
    [InlineData("x-$(A)-y", "x-alpha-y")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$$(A)", "$alpha")]
    [InlineData("$(A", "$(A")]
    [InlineData("$A", "$A")]
    [InlineData("cost: 5$", "cost: 5$")]
    [InlineData("$(EMPTY)!", "!")]
    [InlineData("$(A)$(A)", "alphaalpha")]
    [InlineData("no vars", "no vars")]
    public void Expand_FollowsUpstreamRules(string input, string expected) =>
        Assert.Equal(expected, CommandLine.Expand(input, Env));

    [Fact]
    public void Merge_NoCommandNoArgs_UsesEntrypointAndCmd() =>
        Assert.Equal(["/entry", "--flag", "cmd1"], CommandLine.Merge(["/entry", "--flag"], ["cmd1"], null, null, Env));

    [Fact]
    public void Merge_ArgsOnly_ReplaceCmdAndKeepEntrypoint() =>
        Assert.Equal(["/entry", "$(A)x", "alpha"], CommandLine.Merge(["/entry"], ["cmd1"], null, ["$$(A)x", "$(A)"], Env));

    [Fact]
    public void Merge_CommandOnly_ReplacesEntrypointAndDropsCmd() =>
        Assert.Equal(["sh", "-c", "echo alpha"], CommandLine.Merge(["/entry"], ["cmd1"], ["sh", "-c", "echo $(A)"], [], Env));

    [Fact]
    public void Merge_CommandAndArgs_UsesBoth() =>
        Assert.Equal(["sleep", "3600"], CommandLine.Merge(["/entry"], ["cmd1"], ["sleep"], ["3600"], Env));

    [Fact]
    public void Merge_ImageWithNothing_IsEmpty() =>
        Assert.Empty(CommandLine.Merge([], [], null, null, Env));
}
