using System.Globalization;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Events;

/// <summary>
/// core/v1 Event validation. Upstream applies only its "legacy" checks to the core v1 API (the strict ones are for
/// events.k8s.io/v1): namespace agreement with the involved object, and for new-style events (eventTime set)
/// the reporting fields, action and reason with their length limits.
/// </summary>
public static class EventValidation
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    public static List<FieldError> Validate(Corev1Event ev)
    {
        var errs = new List<FieldError>();
        var ns = ev.Metadata?.NamespaceProperty ?? "";
        var involvedNs = ev.InvolvedObject?.NamespaceProperty ?? "";
        const string mismatch = "does not match event.namespace";
        if (ev.EventTime is null)
        {
            var ok = involvedNs.Length == 0 ? ns is "" or "default" : ns == involvedNs;
            if (!ok)
            {
                errs.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, mismatch));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns != "default" && ns != "kube-system")
            {
                errs.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, mismatch));
            }

            if (string.IsNullOrEmpty(ev.ReportingComponent))
            {
                errs.Add(FieldError.Required("reportingController"));
            }

            errs.AddRange(FormatChecks.IsQualifiedName(ev.ReportingComponent ?? "").Select(m => FieldError.Invalid("reportingController", ev.ReportingComponent ?? "", m)));
            errs.AddRange(RequiredWithLimit(ev.ReportingInstance, "reportingInstance", ReportingInstanceLengthLimit));
            errs.AddRange(RequiredWithLimit(ev.Action, "action", ActionLengthLimit));
            errs.AddRange(RequiredWithLimit(ev.Reason, "reason", ReasonLengthLimit));
            if ((ev.Message?.Length ?? 0) > NoteLengthLimit)
            {
                errs.Add(FieldError.Invalid("message", "", AtMost(NoteLengthLimit)));
            }
        }

        errs.AddRange(FormatChecks.IsDns1123Subdomain(ns).Select(m => FieldError.Invalid("namespace", ns, m)));
        return errs;
    }

    private static IEnumerable<FieldError> RequiredWithLimit(string? value, string field, int limit)
    {
        if (string.IsNullOrEmpty(value))
        {
            yield return FieldError.Required(field);
        }
        else if (value.Length > limit)
        {
            yield return FieldError.Invalid(field, "", AtMost(limit));
        }
    }

    private static string AtMost(int limit) => string.Create(CultureInfo.InvariantCulture, $"can have at most {limit} characters");
}
