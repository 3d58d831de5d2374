using Everynode.Scheduler.Queue;

namespace Everynode.Scheduler.Tests.Queue;

public class SchedulingQueueTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SchedulingQueue _queue;

    public SchedulingQueueTests() => _queue = new SchedulingQueue(new SchedulerOptions(), _time);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 10)]
    [InlineData(50, 10)]
    public void BackoffDuration_StartsAtOneSecondAndDoublesUpToTen(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _queue.BackoffDuration(attempts));

    [Fact]
    public void Pop_TakesHigherPriorityFirstThenTheOldest()
    {
        _queue.Add(Make.Pod("old"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _queue.Add(Make.Pod("new"));
        _queue.Add(Make.Pod("critical", change: p => p.Spec.Priority = 2_000_001_000));

        Assert.Equal(["default/critical", "default/old", "default/new"], [_queue.Pop()!.Key, _queue.Pop()!.Key, _queue.Pop()!.Key]);
        Assert.Null(_queue.Pop());
    }

    [Fact]
    public void AddUnschedulable_WaitsForAnEventNotForTheClock()
    {
        _queue.Add(Make.Pod("p"));
        _queue.AddUnschedulable(_queue.Pop()!);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(_queue.IsUnschedulable("default/p"));
        Assert.Null(_queue.Pop());
    }

    [Theory]
    [InlineData("NodeAdd")]
    [InlineData("NodeUpdate")]
    [InlineData("AssignedPodDelete")]
    public void MoveAllToActiveOrBackoff_AfterBackoffEnded_MakesThePodActive(string clusterEvent)
    {
        _queue.Add(Make.Pod("p"));
        _queue.AddUnschedulable(_queue.Pop()!);
        _time.Advance(TimeSpan.FromSeconds(2));

        _queue.MoveAllToActiveOrBackoff(Enum.Parse<ClusterEvent>(clusterEvent));

        Assert.True(_queue.IsActive("default/p"));
        Assert.Equal(2, _queue.Pop()!.Attempts);
    }

    [Fact]
    public void MoveAllToActiveOrBackoff_DuringBackoff_WaitsOutTheBackoff()
    {
        _queue.Add(Make.Pod("p"));
        _queue.AddUnschedulable(_queue.Pop()!);
        _queue.MoveAllToActiveOrBackoff(ClusterEvent.NodeAdd);

        Assert.True(_queue.IsBackingOff("default/p"));
        Assert.Null(_queue.Pop());
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(1), _queue.NextBackoffExpiry);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("default/p", _queue.Pop()?.Key);
    }

    [Fact]
    public void AddUnschedulable_AfterAnEventDuringTheAttempt_GoesToBackoffSoTheEventIsNotLost()
    {
        _queue.Add(Make.Pod("p"));
        var attempt = _queue.Pop()!;
        _queue.MoveAllToActiveOrBackoff(ClusterEvent.NodeAdd);
        _queue.AddUnschedulable(attempt);

        Assert.True(_queue.IsBackingOff("default/p"));
    }

    [Fact]
    public void Backoff_DoublesWithEveryFailedAttempt()
    {
        _queue.Add(Make.Pod("p"));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var pod = _queue.Pop()!;
            Assert.Equal(attempt, pod.Attempts);
            _queue.AddUnschedulable(pod);
            _queue.MoveAllToActiveOrBackoff(ClusterEvent.NodeUpdate);
            _time.Advance(_queue.BackoffDuration(attempt) - TimeSpan.FromMilliseconds(1));
            Assert.Null(_queue.Pop());
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.NotNull(_queue.Pop());
    }

    [Fact]
    public void FlushUnschedulableLeftover_RetriesPodsStuckLongerThanFiveMinutes()
    {
        _queue.Add(Make.Pod("p"));
        _queue.AddUnschedulable(_queue.Pop()!);
        _time.Advance(TimeSpan.FromMinutes(5));
        _queue.FlushUnschedulableLeftover();
        Assert.True(_queue.IsUnschedulable("default/p"));

        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.FlushUnschedulableLeftover();
        Assert.True(_queue.IsActive("default/p"));
    }

    [Fact]
    public void Delete_WhileBeingScheduled_DropsThePodWhenTheAttemptFails()
    {
        _queue.Add(Make.Pod("p"));
        var attempt = _queue.Pop()!;
        _queue.Delete("default/p");
        _queue.AddUnschedulable(attempt);

        Assert.Equal(0, _queue.ActiveCount + _queue.BackoffCount + _queue.UnschedulableCount);
    }

    [Fact]
    public void Add_OfAnUpdatedUnschedulablePod_RetriesIt()
    {
        _queue.Add(Make.Pod("p"));
        _queue.AddUnschedulable(_queue.Pop()!);
        _time.Advance(TimeSpan.FromSeconds(1));
        _queue.Add(Make.Pod("p", "100m"));

        Assert.True(_queue.IsActive("default/p"));
        Assert.Equal(1, _queue.ActiveCount);
    }

    [Fact]
    public void Options_WithMaxBackoffBelowInitial_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new SchedulingQueue(
            new SchedulerOptions { PodInitialBackoff = TimeSpan.FromSeconds(5), PodMaxBackoff = TimeSpan.FromSeconds(1) }, _time));
}
