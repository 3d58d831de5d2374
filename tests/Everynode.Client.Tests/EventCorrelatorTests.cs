using Everynode.Client.Events;
using k8s.Models;

namespace Everynode.Client.Tests;

/// <summary>Upstream's event correlation: aggregation of similar events after ten, and 25 events per object with a slow refill.</summary>
public sealed class EventCorrelatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly V1ObjectReference DaemonSet = new() { Kind = "DaemonSet", ApiVersion = "apps/v1", NamespaceProperty = "default", Name = "agent", Uid = "u-1" };

    private static EventCorrelator NewCorrelator() => new("daemonset-controller", null, new EventCorrelatorOptions());

    private static PendingEvent Created(int pod, DateTimeOffset at, V1ObjectReference? on = null) =>
        new(on ?? DaemonSet, "Normal", "SuccessfulCreate", $"Created pod: agent-{pod}", at);

    [Fact]
    public void Correlate_TenthDistinctMessage_BecomesTheAggregateAndLaterOnesShareItsKey()
    {
        var correlator = NewCorrelator();

        var results = Enumerable.Range(0, 12).Select(i => correlator.Correlate(Created(i, Start.AddSeconds(i)))).ToList();

        Assert.All(results.Take(9), r => Assert.DoesNotContain("combined", r.Message, StringComparison.Ordinal));
        Assert.Equal(9, results.Take(9).Select(r => r.Key).Distinct().Count());
        Assert.Equal("(combined from similar events): Created pod: agent-9", results[9].Message);
        Assert.Equal("(combined from similar events): Created pod: agent-11", results[11].Message);
        Assert.Single(results.Skip(9).Select(r => r.Key).Distinct());
        Assert.DoesNotContain(results, r => r.Skip);
    }

    [Fact]
    public void Correlate_AfterTenQuietMinutes_StartsAFreshWindow()
    {
        var correlator = NewCorrelator();
        for (var i = 0; i < 9; i++)
        {
            correlator.Correlate(Created(i, Start));
        }

        var later = correlator.Correlate(Created(9, Start.AddMinutes(10).AddSeconds(1)));

        Assert.Equal("Created pod: agent-9", later.Message);
    }

    [Fact]
    public void Correlate_MoreThan25EventsAboutOneObject_SkipsTheRestUntilTheBucketRefills()
    {
        var correlator = NewCorrelator();

        var burst = Enumerable.Range(0, 30).Select(i => correlator.Correlate(Created(i, Start))).ToList();
        var fourMinutesLater = correlator.Correlate(Created(30, Start.AddMinutes(4)));
        var fiveMinutesLater = correlator.Correlate(Created(31, Start.AddMinutes(5)));

        Assert.Equal(25, burst.Count(r => !r.Skip));
        Assert.All(burst.Skip(25), r => Assert.True(r.Skip));
        Assert.True(fourMinutesLater.Skip);
        Assert.False(fiveMinutesLater.Skip);
    }

    [Fact]
    public void Correlate_OtherObjectsAndOtherReasons_HaveTheirOwnBudgetsAndWindows()
    {
        var correlator = NewCorrelator();
        for (var i = 0; i < 25; i++)
        {
            correlator.Correlate(Created(i, Start));
        }

        var other = new V1ObjectReference { Kind = "DaemonSet", ApiVersion = "apps/v1", NamespaceProperty = "default", Name = "other", Uid = "u-2" };
        var onOther = correlator.Correlate(Created(0, Start, other));
        var otherReason = correlator.Correlate(new PendingEvent(DaemonSet, "Normal", "SuccessfulDelete", "Deleted pod: agent-0", Start));

        Assert.False(onOther.Skip);
        Assert.Equal("Created pod: agent-0", onOther.Message);
        Assert.True(otherReason.Skip); // Same object: the budget is spent, whatever the reason.
    }
}
