using Everynode.Api.DaemonSets;
using Everynode.Api.Validation;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

public sealed class DaemonSetValidationTests
{
    private const string SubdomainMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string PercentMsg =
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    private static readonly DaemonSetStrategy Strategy = new();

    public static TheoryData<string, Action<V1DaemonSet>, string[]> InvalidCreates => new()
    {
        { "valid daemon set", _ => { }, [] },
        {
            "selector not matching template labels",
            ds => ds.Spec.Selector.MatchLabels["app"] = "other",
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"]
        },
        {
            "nil selector matches nothing",
            ds => ds.Spec.Selector = null,
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`"]
        },
        {
            "empty selector",
            ds => ds.Spec.Selector = new V1LabelSelector(),
            ["spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for daemonset"]
        },
        {
            "In requirement without values",
            ds => ds.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In" }],
            ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]
        },
        {
            "Exists requirement with values",
            ds => ds.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Exists", Values = ["x"] }],
            ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"]
        },
        {
            "unknown selector operator",
            ds => ds.Spec.Selector.MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Near" }],
            ["spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator"]
        },
        {
            "restart policy other than Always",
            ds => ds.Spec.Template.Spec.RestartPolicy = "Never",
            ["spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""]
        },
        {
            "activeDeadlineSeconds set",
            ds => ds.Spec.Template.Spec.ActiveDeadlineSeconds = 5,
            ["spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported"]
        },
        {
            "only maxSurge set, so maxUnavailable defaults to 1",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { RollingUpdate = new V1RollingUpdateDaemonSet { MaxSurge = 1 } },
            ["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero"]
        },
        {
            "both maxUnavailable and maxSurge zero",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = 0, MaxSurge = 0 } },
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0"]
        },
        {
            "maxUnavailable not a percent",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "abc" } },
            [
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: abc: " + PercentMsg,
                "spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0",
            ]
        },
        {
            "maxUnavailable above 100%",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "200%" } },
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 200%: must not be greater than 100%"]
        },
        {
            "negative maxUnavailable",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = -1 } },
            ["spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"]
        },
        {
            "unknown update strategy type",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "Sometimes" },
            ["spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:\"Sometimes\", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: \"RollingUpdate\", \"OnDelete\""]
        },
        {
            "OnDelete ignores rollingUpdate",
            ds => ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete", RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "abc" } },
            []
        },
        {
            "negative minReadySeconds and revisionHistoryLimit",
            ds => { ds.Spec.MinReadySeconds = -1; ds.Spec.RevisionHistoryLimit = -2; },
            [
                "spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0",
                "spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0",
            ]
        },
        { "zero revisionHistoryLimit is allowed", ds => ds.Spec.RevisionHistoryLimit = 0, [] },
        { "invalid name", ds => ds.Metadata.Name = "Bad_Name", ["metadata.name: Invalid value: \"Bad_Name\": " + SubdomainMsg] },
        {
            "invalid container name",
            ds => ds.Spec.Template.Spec.Containers[0].Name = "App_1",
            ["spec.template.spec.containers[0].name: Invalid value: \"App_1\": " + LabelMsg]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public void ValidateCreate_ReportsUpstreamErrors(string description, Action<V1DaemonSet> mutate, string[] expected)
    {
        Assert.NotNull(description);
        var ds = Fixtures.DaemonSet();
        mutate(ds);

        var errors = Create(Strategy, ds);

        Assert.Equal(expected, Render(errors));
    }

    [Fact]
    public void ValidateCreate_SelectorMismatch_FormatsTheStatusMessageLikeUpstream()
    {
        var ds = Fixtures.DaemonSet("name");
        ds.Spec.Selector.MatchLabels["app"] = "other";

        var errors = Create(Strategy, ds);

        Assert.Equal(
            "DaemonSet.apps \"name\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"x\"}: `selector` does not match template `labels`",
            InvalidObjectException.FormatMessage("DaemonSet", "apps", "name", errors));
        Assert.Equal("FieldValueInvalid", errors[0].CauseReason);
        Assert.Equal("spec.template.metadata.labels", errors[0].Field);
    }

    [Fact]
    public void ValidateCreate_SeveralErrors_AreBracketedInTheStatusMessage()
    {
        var ds = Fixtures.DaemonSet();
        ds.Spec.Template.Spec.RestartPolicy = "Never";
        ds.Spec.Template.Spec.ActiveDeadlineSeconds = 5;

        var errors = Create(Strategy, ds);

        Assert.Equal(
            "DaemonSet.apps \"ds\" is invalid: [spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\", "
            + "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported]",
            InvalidObjectException.FormatMessage("DaemonSet", "apps", "ds", errors));
    }
}
