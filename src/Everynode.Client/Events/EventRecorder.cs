using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.Events;

/// <summary>
/// Writes core/v1 Events as upstream's recorder does. A repeat of an event (same object, type, reason and
/// message) already written by this recorder is not written again: the existing Event's <c>count</c> and
/// <c>lastTimestamp</c> are patched. Similar events are aggregated and each object's events rate-limited first
/// (<see cref="EventCorrelator"/>). Callers only put events on a bounded queue; <see cref="RunAsync"/> writes them.
/// </summary>
public sealed partial class EventRecorder : IEventRecorder
{
    /// <summary>How often, at most, dropped events are logged.</summary>
    public static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    private readonly IKubernetes _client;
    private readonly EventRecorderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingEvent> _pending;
    private readonly LruCache<string, WrittenEvent> _written;
    private readonly EventCorrelator _correlator;
    private long _dropped;
    private long _droppedUnlogged;
    private long _droppedLoggedAt = long.MinValue;
    private long _lastNameStamp;

    public EventRecorder(IKubernetes client, EventRecorderOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _client = client;
        _options = options;
        _logger = logger;
        _time = timeProvider ?? TimeProvider.System;
        _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once: the event is dropped, the caller never waits.
        });
        _written = new LruCache<string, WrittenEvent>(options.AggregationCacheSize);
        _correlator = new EventCorrelator(options.Component, options.Host, options.Correlation);
    }

    /// <summary>Events dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Record(IKubernetesObject<V1ObjectMeta> involvedObject, string type, string reason, string message) =>
        Record(ObjectReferences.For(involvedObject), type, reason, message);

    public void Record(V1ObjectReference involvedObject, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(involvedObject);
        if (type is not (EventTypes.Normal or EventTypes.Warning))
        {
            throw new ArgumentException($"event type must be Normal or Warning, not '{type}'", nameof(type));
        }

        if (!_pending.Writer.TryWrite(new PendingEvent(involvedObject, type, reason, message, _time.GetUtcNow())))
        {
            Interlocked.Increment(ref _dropped);
            LogDropsNowAndThen(reason, involvedObject.Name);
        }
    }

    /// <summary>
    /// The first drop is logged at once, later ones at most every <see cref="DropLogInterval"/> as a count: drops come
    /// in bursts (a whole fleet's pods scheduled at once overflows the queue), and a line per drop would cost more
    /// than the events it reports.
    /// </summary>
    private void LogDropsNowAndThen(string reason, string name)
    {
        var unlogged = Interlocked.Increment(ref _droppedUnlogged);
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _droppedLoggedAt);
        if (last != long.MinValue && now - last < DropLogInterval.Ticks)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _droppedLoggedAt, now, last) != last)
        {
            return; // Another thread logs this round.
        }

        Interlocked.Add(ref _droppedUnlogged, -unlogged);
        if (unlogged == 1)
        {
            LogDropped(_logger, reason, name);
        }
        else
        {
            LogDroppedMany(_logger, unlogged, reason, name);
        }
    }

    /// <summary>Writes queued events until cancelled. A failed write is logged and the event dropped.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in _pending.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await WriteAsync(pending, cancellationToken);
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or KubernetesException)
                {
                    LogWriteFailed(_logger, e, pending.Reason, pending.InvolvedObject.Name);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken ct)
    {
        var reference = pending.InvolvedObject;
        var (key, message, skip) = _correlator.Correlate(pending);
        var timestamp = pending.Timestamp.UtcDateTime;
        if (_written.TryGet(key, out var written))
        {
            var count = written.Count + 1;
            if (skip)
            {
                // Filtered as spam: not written, but counted, so the next write of this Event tells the true count.
                _written.Set(key, written with { Count = count });
                return;
            }

            var patch = new JsonObject
            {
                ["count"] = count,
                ["lastTimestamp"] = timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["message"] = message,
            };
            try
            {
                await _client.CoreV1.PatchNamespacedEventAsync(
                    new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), written.Name, written.Namespace, cancellationToken: ct);
                _written.Set(key, written with { Count = count });
                return;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
            {
                _written.Remove(key); // deleted (or expired) meanwhile: start a new one.
            }
        }
        else if (skip)
        {
            return;
        }

        var ns = string.IsNullOrEmpty(reference.NamespaceProperty) ? "default" : reference.NamespaceProperty;
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{reference.Name}.{NextNameStamp(pending.Timestamp):x}", NamespaceProperty = ns },
            InvolvedObject = reference,
            Type = pending.Type,
            Reason = pending.Reason,
            Message = message,
            FirstTimestamp = timestamp,
            LastTimestamp = timestamp,
            Count = 1,
            Source = new V1EventSource { Component = _options.Component, Host = _options.Host },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Host,
        };
        var created = await _client.CoreV1.CreateNamespacedEventAsync(ev, ns, cancellationToken: ct);
        _written.Set(key, new WrittenEvent(ns, created.Metadata.Name, 1));
    }

    /// <summary>Upstream names events <c>name.&lt;unix nanoseconds in hex&gt;</c>; this keeps the stamp unique per recorder.</summary>
    private long NextNameStamp(DateTimeOffset timestamp)
    {
        var stamp = (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        _lastNameStamp = Math.Max(stamp, _lastNameStamp + 1);
        return _lastNameStamp;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "event queue full; dropped {Reason} event for {Name}")]
    private static partial void LogDropped(ILogger logger, string reason, string name);

    [LoggerMessage(EventId = 122, Level = LogLevel.Warning, Message = "event queue full; dropped {Count} events since the last report, the latest {Reason} for {Name}")]
    private static partial void LogDroppedMany(ILogger logger, long count, string reason, string name);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "writing {Reason} event for {Name} failed; dropped")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string reason, string name);
}
