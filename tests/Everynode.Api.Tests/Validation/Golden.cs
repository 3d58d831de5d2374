namespace Everynode.Api.Tests.Validation;

/// <summary>
/// Golden files under tests/Everynode.Api.Tests/testdata/&lt;case&gt;/, found by walking up from the test binary
/// (the project file does not copy them). Set UPDATE_GOLDEN=1 to rewrite them from the actual output.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string testCase, string file, string actual)
    {
        var path = Path.Combine(TestDataDirectory(), testCase, file);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual + "\n");
        }

        Assert.Equal(File.ReadAllText(path).TrimEnd('\n'), actual);
    }

    private static string TestDataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "testdata");
            if (File.Exists(Path.Combine(dir.FullName, "Everynode.Api.Tests.csproj")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Everynode.Api.Tests/testdata not found above " + AppContext.BaseDirectory);
    }
}
