namespace Everynode.E2E.Tests.Harness;

/// <summary>How to start <c>everynode server</c>.</summary>
internal sealed record EverynodeServerOptions
{
    public required string DataDirectory { get; init; }

    /// <summary>The <c>--datastore</c> flag (sqlite://PATH or memory://); null for the server's default.</summary>
    public string? Datastore { get; init; }

    /// <summary>0 lets the server pick a free port.</summary>
    public int Port { get; init; }

    /// <summary>More flags for <c>everynode server</c> (e.g. <c>--controllers</c>).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
