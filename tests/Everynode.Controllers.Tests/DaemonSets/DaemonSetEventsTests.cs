using Everynode.Controllers.DaemonSets;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetEventsTests
{
    public static TheoryData<DaemonSetEvent, string, string, string> Cases => new()
    {
        { DaemonSetEvents.SuccessfulCreate("foo-abcde"), "Normal", "SuccessfulCreate", "Created pod: foo-abcde" },
        { DaemonSetEvents.FailedCreate("pods \"x\" is forbidden"), "Warning", "FailedCreate", "Error creating: pods \"x\" is forbidden" },
        { DaemonSetEvents.SuccessfulDelete("foo-abcde"), "Normal", "SuccessfulDelete", "Deleted pod: foo-abcde" },
        { DaemonSetEvents.FailedDelete("boom"), "Warning", "FailedDelete", "Error deleting: boom" },
        { DaemonSetEvents.FailedDaemonPod(NewPod("p", "n", NewDaemonSet()), "node-1"), "Warning", "FailedDaemonPod", "Found failed daemon pod default/p on node node-1, will try to kill it" },
        { DaemonSetEvents.SucceededDaemonPod(NewPod("p", "n", NewDaemonSet()), "node-1"), "Normal", "SucceededDaemonPod", "Found succeeded daemon pod default/p on node node-1, will try to delete it" },
        { DaemonSetEvents.SelectingAll(), "Warning", "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required." },
        { DaemonSetEvents.FailedPlacement("node-1", "Insufficient cpu"), "Warning", "FailedPlacement", "failed to place pod on \"node-1\": Insufficient cpu" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Events_UseUpstreamReasonsAndMessages(DaemonSetEvent e, string type, string reason, string message) =>
        Assert.Equal(new DaemonSetEvent(type, reason, message), e);
}
