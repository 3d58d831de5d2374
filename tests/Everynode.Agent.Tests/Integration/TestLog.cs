using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Tests.Integration;

/// <summary>Agent logs for a failing integration test: written to the file named by EVERYNODE_TEST_LOG, else dropped.</summary>
internal sealed class TestLog : ILoggerProvider, ILoggerFactory
{
    private readonly string? _path = Environment.GetEnvironmentVariable("EVERYNODE_TEST_LOG");
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        if (_path is null)
        {
            return;
        }

        lock (_lock)
        {
            File.AppendAllText(_path, line + Environment.NewLine);
        }
    }

    private sealed class Logger(TestLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => log._path is not null && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
