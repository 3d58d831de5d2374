using System.Reflection;
using Everynode.E2E.Tests.Harness;
using Xunit.Sdk;

namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// Theory data: every golden script with client 1.<c>minor</c>, one row each; all rows are skipped,
/// saying why, when that client is not installed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class GoldenCasesAttribute : DataAttribute
{
    public GoldenCasesAttribute(int minor)
    {
        Minor = minor;
        Skip = KubectlClients.WhyMissing(minor);
    }

    public int Minor { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        Directory.EnumerateFiles(GoldenServerFixture.TestDataDirectory, "*.txt")
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name!, Minor });
}
