namespace Everynode.E2E.Tests.Harness;

/// <summary>A fresh directory under the system temp folder, deleted (best effort) by <see cref="Delete"/>.</summary>
internal sealed class TempDirectory
{
    public string Path { get; } = Directory.CreateTempSubdirectory("everynode-e2e-").FullName;

    public void Delete()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
