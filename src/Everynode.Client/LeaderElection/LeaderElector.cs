using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Client.LeaderElection;

/// <summary>
/// Lease-based leader election as upstream's client-go does it: candidates try every retry period to acquire the
/// Lease; the holder renews it every retry period; what the caller runs while leading is stopped as soon as a renewal
/// round fails for the whole renew deadline, and <see cref="RunAsync"/> then throws
/// <see cref="LeaderElectionLostException"/> (upstream's components exit at that point; so does <c>everynode server</c>).
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>A standby never trusts the holder's clock: it takes the Lease over only when the Lease record has not changed
/// for a whole lease duration by its own clock (the time it last saw the record change).</item>
/// <item>Every write is a replace guarded by the resourceVersion just read, so of two candidates racing for one free
/// Lease exactly one wins.</item>
/// <item>The leader stops acting after at most the renew deadline without a renewal, which is shorter than the lease
/// duration a standby waits: the old leader has stopped before a new one starts.</item>
/// </list>
/// </remarks>
public sealed partial class LeaderElector
{
    private readonly ILeaseClient _leases;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private V1LeaseSpec? _observed;
    private DateTimeOffset _observedTime;
    private DateTimeOffset? _othersLeaseEnds;

    public LeaderElector(ILeaseClient leases, LeaderElectionOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _leases = leases;
        _options = options;
        _logger = logger;
        _time = time;
    }

    public string Identity => _options.Identity;

    /// <summary>True between acquiring the Lease and losing or releasing it.</summary>
    public bool IsLeader { get; private set; }

    /// <summary>
    /// Waits for the Lease, runs <paramref name="whileLeading"/> while holding it, and renews it. Returns when
    /// <paramref name="cancellationToken"/> is cancelled (the Lease is then released, so a standby takes over at once);
    /// throws <see cref="LeaderElectionLostException"/> when the Lease is lost, after <paramref name="whileLeading"/>
    /// stopped; rethrows what <paramref name="whileLeading"/> failed with.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        LogCandidate(_logger, _options.LeaseNamespace, _options.LeaseName, _options.Identity);
        while (!await TryAcquireOrRenewSafelyAsync(cancellationToken))
        {
            await Task.Delay(NextAttemptIn(), _time, cancellationToken);
        }

        IsLeader = true;
        LogLeading(_logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
        var lost = false;
        try
        {
            lost = await RenewUntilLostAsync(work, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            IsLeader = false;
            await leading.CancelAsync();
            await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (lost)
        {
            LogLost(_logger, _options.Identity, _options.LeaseName);
            throw new LeaderElectionLostException(_options.LeaseName, _options.Identity);
        }

        if (work.IsFaulted)
        {
            await work;
        }

        await ReleaseAsync();
    }

    /// <summary>Renews every retry period; true when a renewal round failed for the whole renew deadline.</summary>
    private async Task<bool> RenewUntilLostAsync(Task work, CancellationToken ct)
    {
        var lastRenewal = _time.GetUtcNow();
        while (true)
        {
            var tick = Task.Delay(_options.RetryPeriod, _time, ct);
            if (await Task.WhenAny(tick, work) == work)
            {
                // What ran while leading ended on its own (or failed): stop leading, and say why.
                await work;
                return false;
            }

            await tick;
            if (await TryAcquireOrRenewSafelyAsync(ct))
            {
                lastRenewal = _time.GetUtcNow();
            }
            else if (_time.GetUtcNow() - lastRenewal >= _options.RenewDeadline)
            {
                return true;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewSafelyAsync(CancellationToken ct)
    {
        // One attempt may not take longer than the renew deadline (a hung request must not keep a leader acting).
        using var attempt = new CancellationTokenSource(_options.RenewDeadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, attempt.Token);
        try
        {
            return await TryAcquireOrRenewAsync(linked.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
        {
            LogAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName);
            return false;
        }
    }

    /// <summary>One try: create the Lease, renew it if we hold it, or take it over if it expired. True when we hold it now.</summary>
    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var lease = await _leases.GetAsync(_options.LeaseNamespace, _options.LeaseName, ct);
        if (lease is null)
        {
            var created = await _leases.CreateAsync(new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace },
                Spec = Record(now, now, transitions: 0),
            }, ct);
            return Observe(created, now);
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        if (_observed is null || !SameRecord(_observed, spec))
        {
            _observed = Copy(spec);
            _observedTime = now;
        }

        var holder = spec.HolderIdentity;
        var mine = holder == _options.Identity;
        var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)_options.LeaseDuration.TotalSeconds);
        if (!string.IsNullOrEmpty(holder) && !mine && _observedTime + duration > now)
        {
            _othersLeaseEnds = _observedTime + duration;
            return false;
        }

        _othersLeaseEnds = null;

        var transitions = spec.LeaseTransitions ?? 0;
        lease.Spec = mine
            ? Record(spec.AcquireTime is { } acquired ? new DateTimeOffset(acquired, TimeSpan.Zero) : now, now, transitions)
            : Record(now, now, transitions + 1);
        return Observe(await _leases.ReplaceAsync(lease, ct), now);
    }

    /// <summary>Gives the Lease up (upstream's ReleaseOnCancel): an empty holder a standby may take at once.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RetryPeriod, _time);
        try
        {
            var lease = await _leases.GetAsync(_options.LeaseNamespace, _options.LeaseName, timeout.Token);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = "",
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            if (await _leases.ReplaceAsync(lease, timeout.Token) is not null)
            {
                LogReleased(_logger, _options.Identity, _options.LeaseName);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Best effort: otherwise the standby takes over when the lease duration has passed.
            LogAttemptFailed(_logger, e, _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private V1LeaseSpec Record(DateTimeOffset acquired, DateTimeOffset renewed, int transitions) => new()
    {
        HolderIdentity = _options.Identity,
        LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
        AcquireTime = acquired.UtcDateTime,
        RenewTime = renewed.UtcDateTime,
        LeaseTransitions = transitions,
    };

    private bool Observe(V1Lease? written, DateTimeOffset now)
    {
        if (written?.Spec is null)
        {
            return false;
        }

        _observed = Copy(written.Spec);
        _observedTime = now;
        return true;
    }

    private static bool SameRecord(V1LeaseSpec a, V1LeaseSpec b) =>
        a.HolderIdentity == b.HolderIdentity && a.RenewTime == b.RenewTime && a.AcquireTime == b.AcquireTime
        && a.LeaseTransitions == b.LeaseTransitions && a.LeaseDurationSeconds == b.LeaseDurationSeconds;

    private static V1LeaseSpec Copy(V1LeaseSpec s) => new()
    {
        HolderIdentity = s.HolderIdentity,
        LeaseDurationSeconds = s.LeaseDurationSeconds,
        AcquireTime = s.AcquireTime,
        RenewTime = s.RenewTime,
        LeaseTransitions = s.LeaseTransitions,
    };

    /// <summary>
    /// Upstream waits retryPeriod × (1 + up to 1.2) between acquire attempts, so candidates do not move in step. When the
    /// holder's lease (as this candidate observed it) ends sooner than that, the next attempt is right when it ends, so a
    /// dead leader is replaced one lease duration after its last renewal was seen, not up to a jittered period later.
    /// </summary>
    private TimeSpan NextAttemptIn()
    {
        var period = _options.RetryPeriod;
        var jittered = period + (period * (1.2 * Random.Shared.NextDouble()));
        if (_othersLeaseEnds is { } ends)
        {
            var untilEnd = ends - _time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
            if (untilEnd > TimeSpan.Zero && untilEnd < jittered)
            {
                return untilEnd;
            }
        }

        return jittered;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "attempting to acquire leader lease {Namespace}/{Name} as {Identity}")]
    private static partial void LogCandidate(ILogger logger, string @namespace, string name, string identity);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Identity} became leader: acquired lease {Namespace}/{Name}")]
    private static partial void LogLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Identity} lost leader lease {Name}: could not renew within the renew deadline")]
    private static partial void LogLost(ILogger logger, string identity, string name);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Identity} released leader lease {Name}")]
    private static partial void LogReleased(ILogger logger, string identity, string name);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "error acquiring or renewing lease {Namespace}/{Name}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception e, string @namespace, string name);
}
