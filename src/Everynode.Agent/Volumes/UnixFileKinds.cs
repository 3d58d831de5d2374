using System.Runtime.InteropServices;

namespace Everynode.Agent.Volumes;

/// <summary>What kind of file system object a path is (following symbolic links), from statx(2).</summary>
internal static partial class UnixFileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    public static UnixFileKind Of(string path)
    {
        // struct statx has the same layout on every architecture; stx_mode is the u16 at offset 28.
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
        {
            return UnixFileKind.Missing;
        }

        var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;
        return mode switch
        {
            0x8000 => UnixFileKind.Regular,
            0x4000 => UnixFileKind.Directory,
            0xC000 => UnixFileKind.Socket,
            0x2000 => UnixFileKind.CharDevice,
            0x6000 => UnixFileKind.BlockDevice,
            _ => UnixFileKind.Other,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}

internal enum UnixFileKind
{
    Missing,
    Regular,
    Directory,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}
