using Everynode.Api.Tables;

namespace Everynode.Api.Tests.Tables;

/// <summary>Upstream's duration_test.go cases for HumanDuration, plus the placeholders of the age cells.</summary>
public sealed class HumanDurationTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    public static TheoryData<TimeSpan, string> UpstreamCases() => new()
    {
        { TimeSpan.FromSeconds(1), "1s" },
        { TimeSpan.FromSeconds(70), "70s" },
        { TimeSpan.FromSeconds(190), "3m10s" },
        { TimeSpan.FromMinutes(70), "70m" },
        { TimeSpan.FromHours(47), "47h" },
        { TimeSpan.FromHours(49), "2d1h" },
        { TimeSpan.FromHours((8 * 24) + 2), "8d" },
        { TimeSpan.FromHours(367 * 24), "367d" },
        { TimeSpan.FromHours((365 * 2 * 24) + 25), "2y1d" },
        { TimeSpan.FromHours((365 * 8 * 24) + 2), "8y" },
        { TimeSpan.FromSeconds(-2), "<invalid>" },
        { TimeSpan.FromSeconds(-2) + TimeSpan.FromTicks(1), "0s" },
        { TimeSpan.Zero, "0s" },
        { TimeSpan.FromSeconds(1) - Ms, "0s" },
        { TimeSpan.FromMinutes(2) - Ms, "119s" },
        { TimeSpan.FromMinutes(2), "2m" },
        { TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1), "2m1s" },
        { TimeSpan.FromMinutes(10) - Ms, "9m59s" },
        { TimeSpan.FromMinutes(10), "10m" },
        { TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1), "10m" },
        { TimeSpan.FromHours(3) - Ms, "179m" },
        { TimeSpan.FromHours(3), "3h" },
        { TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1), "3h1m" },
        { TimeSpan.FromHours(8) - Ms, "7h59m" },
        { TimeSpan.FromHours(8), "8h" },
        { TimeSpan.FromHours(8) + TimeSpan.FromMinutes(59), "8h" },
        { TimeSpan.FromDays(2) - Ms, "47h" },
        { TimeSpan.FromDays(2), "2d" },
        { TimeSpan.FromDays(8) - Ms, "7d23h" },
        { TimeSpan.FromDays(8), "8d" },
        { TimeSpan.FromDays(8) + TimeSpan.FromHours(23), "8d" },
        { TimeSpan.FromDays(2 * 365) - Ms, "729d" },
        { TimeSpan.FromDays(2 * 365), "2y" },
        { TimeSpan.FromDays(2 * 365) + TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59), "2y" },
        { TimeSpan.FromDays(2 * 365) + TimeSpan.FromDays(1) - Ms, "2y" },
        { TimeSpan.FromDays(2 * 365) + TimeSpan.FromDays(1), "2y1d" },
        { TimeSpan.FromDays(3 * 365), "3y" },
        { TimeSpan.FromDays(7 * 365), "7y" },
        { TimeSpan.FromDays(8 * 365) - Ms, "7y364d" },
        { TimeSpan.FromDays(8 * 365), "8y" },
        { TimeSpan.FromDays(8 * 365) + TimeSpan.FromDays(364), "8y" },
        { TimeSpan.FromDays(9 * 365), "9y" },
    };

    [Theory]
    [MemberData(nameof(UpstreamCases))]
    public void Format_MatchesUpstream(TimeSpan duration, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(duration));

    [Fact]
    public void Since_WithoutTimestamp_IsUnknown()
    {
        var now = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal("<unknown>", HumanDuration.Since(null, now));
        Assert.Equal("<unknown>", HumanDuration.Since(default(DateTime), now));
    }

    [Fact]
    public void Since_TimestampWithoutKind_IsTakenAsUtc()
    {
        var now = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal("2m30s", HumanDuration.Since(new DateTime(2025, 6, 1, 11, 57, 30, DateTimeKind.Unspecified), now));
    }
}
