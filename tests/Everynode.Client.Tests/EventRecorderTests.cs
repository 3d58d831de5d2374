using Everynode.Client.Events;
using Everynode.Client.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Client.Tests;

/// <summary>The event recorder against a real in-process API server.</summary>
public sealed class EventRecorderTests(ComponentClientFixture server) : IClassFixture<ComponentClientFixture>
{
    private Kubernetes Client => server.Client;

    private EventRecorder NewRecorder(TimeProvider? clock = null, int capacity = 100) =>
        new(Client, new EventRecorderOptions { Component = "daemonset-controller", Host = "server-0", QueueCapacity = capacity }, NullLogger.Instance, clock);

    private async Task<IList<Corev1Event>> EventsWhenAsync(string ns, Func<IList<Corev1Event>, bool> condition)
    {
        IList<Corev1Event> events = [];
        await Eventually.TrueAsync(async () => condition(events = (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items), "events in " + ns);
        return events;
    }

    [Fact]
    public async Task Record_SameEventTwice_PatchesOneEventToCountTwo()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("web-1"), ns);
        var clock = new FakeTimeProvider();
        var recorder = NewRecorder(clock);
        using var stop = new CancellationTokenSource();
        var run = recorder.RunAsync(stop.Token);

        recorder.Record(pod, EventTypes.Warning, "FailedPlacement", "failed to place pod on \"node-a\"");
        var first = Assert.Single(await EventsWhenAsync(ns, e => e.Count == 1));
        clock.Advance(TimeSpan.FromSeconds(30));
        recorder.Record(pod, EventTypes.Warning, "FailedPlacement", "failed to place pod on \"node-a\"");

        var ev = Assert.Single(await EventsWhenAsync(ns, e => e.Count == 1 && e[0].Count == 2));
        Assert.Equal(first.Metadata.Name, ev.Metadata.Name);
        Assert.StartsWith("web-1.", ev.Metadata.Name, StringComparison.Ordinal);
        Assert.Matches("^web-1\\.[0-9a-f]+$", ev.Metadata.Name);
        Assert.Equal("Pod", ev.InvolvedObject.Kind);
        Assert.Equal("v1", ev.InvolvedObject.ApiVersion);
        Assert.Equal(ns, ev.InvolvedObject.NamespaceProperty);
        Assert.Equal("web-1", ev.InvolvedObject.Name);
        Assert.Equal(pod.Metadata.Uid, ev.InvolvedObject.Uid);
        Assert.Equal(pod.Metadata.ResourceVersion, ev.InvolvedObject.ResourceVersion);
        Assert.Equal("Warning", ev.Type);
        Assert.Equal("FailedPlacement", ev.Reason);
        Assert.Equal("failed to place pod on \"node-a\"", ev.Message);
        Assert.Equal("daemonset-controller", ev.Source.Component);
        Assert.Equal("server-0", ev.Source.Host);
        Assert.Equal("daemonset-controller", ev.ReportingComponent);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(-30), ev.FirstTimestamp);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, ev.LastTimestamp);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Record_ManySimilarEvents_WritesNineSingleEventsAndOneAggregateUpToTheSpamBurst()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("web-1"), ns);
        var recorder = NewRecorder(new FakeTimeProvider(), capacity: 1000);
        using var stop = new CancellationTokenSource();
        var run = recorder.RunAsync(stop.Token);

        for (var i = 0; i < 100; i++)
        {
            recorder.Record(pod, EventTypes.Normal, "SuccessfulCreate", $"Created pod: web-{i}");
        }

        // 25 written (the spam burst): nine single events, then one aggregate patched up to count 16.
        var events = await EventsWhenAsync(ns, e => e.Count == 10 && e.Sum(x => x.Count ?? 0) == 25);
        var aggregate = Assert.Single(events, e => e.Count > 1);
        Assert.Equal("(combined from similar events): Created pod: web-24", aggregate.Message);
        Assert.Equal(16, aggregate.Count);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Record_DifferentMessageOrReason_CreatesSeparateEvents()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("web-1"), ns);
        var recorder = NewRecorder();
        using var stop = new CancellationTokenSource();
        var run = recorder.RunAsync(stop.Token);

        recorder.Record(pod, EventTypes.Normal, "Scheduled", "to node-a");
        recorder.Record(pod, EventTypes.Normal, "Scheduled", "to node-b");
        recorder.Record(pod, EventTypes.Normal, "Pulled", "to node-a");
        recorder.Record(pod, EventTypes.Normal, "Scheduled", "to node-a");

        var events = await EventsWhenAsync(ns, e => e.Sum(x => x.Count ?? 0) == 4);
        Assert.Equal(3, events.Count);
        Assert.Equal(2, events.Single(e => e.Reason == "Scheduled" && e.Message == "to node-a").Count);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Record_ClusterScopedObject_WritesTheEventToTheDefaultNamespace()
    {
        var recorder = NewRecorder();
        using var stop = new CancellationTokenSource();
        var run = recorder.RunAsync(stop.Token);
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = "node-" + Guid.NewGuid().ToString("N")[..8], Uid = "u-1" } };

        recorder.Record(node, EventTypes.Normal, "NodeReady", "ready");

        var events = await EventsWhenAsync("default", e => e.Any(x => x.InvolvedObject.Name == node.Metadata.Name));
        var ev = events.Single(x => x.InvolvedObject.Name == node.Metadata.Name);
        Assert.Equal("Node", ev.InvolvedObject.Kind);
        Assert.Null(ev.InvolvedObject.NamespaceProperty);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public void Record_QueueFull_DropsAndCountsWithoutBlocking()
    {
        var recorder = NewRecorder(capacity: 2);
        var pod = Objects.Pod("p");
        for (var i = 0; i < 5; i++)
        {
            recorder.Record(pod, EventTypes.Normal, "Reason", "message " + i);
        }

        Assert.Equal(3, recorder.Dropped);
    }

    [Fact]
    public void Record_QueueFull_LogsTheFirstDropThenACountEveryTenSeconds()
    {
        var clock = new FakeTimeProvider();
        var log = new LinesLogger();
        var recorder = new EventRecorder(Client, new EventRecorderOptions { Component = "default-scheduler", QueueCapacity = 1 }, log, clock);
        recorder.Record(Objects.Pod("queued"), EventTypes.Normal, "Scheduled", "queued");
        for (var i = 0; i < 500; i++)
        {
            recorder.Record(Objects.Pod("p" + i), EventTypes.Normal, "Scheduled", "dropped");
        }

        Assert.Equal(["event queue full; dropped Scheduled event for p0"], log.Lines);
        clock.Advance(EventRecorder.DropLogInterval);
        recorder.Record(Objects.Pod("last"), EventTypes.Normal, "Scheduled", "dropped");
        Assert.Equal("event queue full; dropped 500 events since the last report, the latest Scheduled for last", log.Lines[^1]);
        Assert.Equal(2, log.Lines.Count);
        Assert.Equal(501, recorder.Dropped);
    }

    [Fact]
    public void Record_TypeOtherThanNormalOrWarning_IsRejected()
    {
        var recorder = NewRecorder();
        Assert.Throws<ArgumentException>(() => recorder.Record(Objects.Pod("p"), "Error", "Reason", "message"));
    }
}

internal sealed class LinesLogger : Microsoft.Extensions.Logging.ILogger
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(
        Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add(formatter(state, exception));
}
