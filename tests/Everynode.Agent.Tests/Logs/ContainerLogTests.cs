using System.Text;
using Everynode.Agent.Logs;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Tests.Logs;

public sealed class ContainerLogTests : IDisposable
{
    private readonly TempDirectory _root = new("everynode-logs-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _root.Delete();

    [Fact]
    public void Writer_WritesCriFormat()
    {
        var path = _root.Combine("0.log");
        using (var writer = new ContainerLogWriter(path, 1 << 20, _time))
        {
            writer.WriteLine(OutputStreamKind.Stdout, "hello"u8, unterminated: false);
            writer.WriteLine(OutputStreamKind.Stderr, "part"u8, unterminated: true);
        }

        Assert.Equal(
            ["2025-01-01T00:00:00.000000000Z stdout F hello", "2025-01-01T00:00:00.000000000Z stderr P part"],
            File.ReadAllLines(path));
    }

    [Fact]
    public void Writer_RotatesPastTheCap_KeepingOnePreviousPart()
    {
        var path = _root.Combine("0.log");
        using (var writer = new ContainerLogWriter(path, 100, _time))
        {
            for (var i = 0; i < 10; i++)
            {
                writer.WriteLine(OutputStreamKind.Stdout, Encoding.UTF8.GetBytes($"line {i}"), unterminated: false);
            }
        }

        Assert.True(File.Exists(ContainerLogPaths.RotatedFile(path)));
        Assert.True(new FileInfo(path).Length < 100);
    }

    [Fact]
    public async Task Reader_TailTimestampsSinceAndLimit()
    {
        var path = _root.Combine("0.log");
        using (var writer = new ContainerLogWriter(path, 1 << 20, _time))
        {
            writer.WriteLine(OutputStreamKind.Stdout, "one"u8, false);
            _time.Advance(TimeSpan.FromSeconds(10));
            writer.WriteLine(OutputStreamKind.Stdout, "tw"u8, true);
            writer.WriteLine(OutputStreamKind.Stdout, "o"u8, false);
            writer.WriteLine(OutputStreamKind.Stderr, "three"u8, false);
        }

        Assert.Equal("one\ntwo\nthree\n", await ReadAsync(path, new LogRequest()));
        Assert.Equal("two\nthree\n", await ReadAsync(path, new LogRequest { TailLines = 2 }));
        Assert.Equal("", await ReadAsync(path, new LogRequest { TailLines = 0 }));
        Assert.Equal("two\nthree\n", await ReadAsync(path, new LogRequest { Since = _time.GetUtcNow().AddSeconds(-5) }));
        Assert.Equal("one\ntw", await ReadAsync(path, new LogRequest { LimitBytes = 6 }));
        Assert.Equal("2025-01-01T00:00:10.000000000Z three\n", await ReadAsync(path, new LogRequest { TailLines = 1, Timestamps = true }));
    }

    private async Task<string> ReadAsync(string path, LogRequest request)
    {
        using var output = new MemoryStream();
        await ContainerLogReader.WriteAsync(path, request, output, () => false, _time, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
