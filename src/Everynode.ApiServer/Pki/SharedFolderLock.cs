namespace Everynode.ApiServer.Pki;

/// <summary>
/// An exclusive lock on a folder that several servers share (a <c>.lock</c> file opened without sharing, which .NET
/// turns into a flock), held while one of them creates what all of them then read: the CA and the admin token.
/// </summary>
internal sealed class SharedFolderLock : IDisposable
{
    private readonly FileStream _file;

    private SharedFolderLock(FileStream file) => _file = file;

    public static async Task<SharedFolderLock> AcquireAsync(string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ".lock");
        var deadline = TimeSpan.FromSeconds(30);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return new SharedFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited < deadline)
            {
                // Another server holds it for the few milliseconds creating a key takes.
                await Task.Delay(50, ct);
                waited += TimeSpan.FromMilliseconds(50);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
