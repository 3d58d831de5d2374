namespace Everynode.Testing;

/// <summary>
/// A fresh folder under the system temp folder, removed by <see cref="Delete"/> (best effort: a process the test
/// started may still hold a file). Created with the default mode (0777 less the umask), not 0700, so that processes
/// a test runs as another user can reach the files inside.
/// </summary>
internal sealed class TempDirectory
{
    /// <param name="prefix">Starts the folder's name, so that a folder left behind tells which tests made it.</param>
    public TempDirectory(string prefix = "everynode-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("n")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

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
