using System.Buffers.Binary;

namespace Everynode.Agent.Images;

/// <summary>Just enough ELF to tell a statically linked executable (no PT_INTERP program header) from a dynamic one.</summary>
internal static class ElfFile
{
    private const uint ProgramInterpreter = 3;

    public static bool IsStatic(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F' || bytes[5] != 1)
        {
            return false;
        }

        var is64 = bytes[4] == 2;
        var span = bytes.AsSpan();
        var phoff = is64 ? (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x20..]) : BinaryPrimitives.ReadUInt32LittleEndian(span[0x1c..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[(is64 ? 0x36 : 0x2a)..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(span[(is64 ? 0x38 : 0x2c)..]);
        for (var i = 0; i < phnum; i++)
        {
            var at = phoff + ((long)i * phentsize);
            if (at + 4 > bytes.Length)
            {
                return false;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(span[(int)at..]) == ProgramInterpreter)
            {
                return false;
            }
        }

        return true;
    }
}
