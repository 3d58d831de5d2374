using System.Globalization;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodSpecValidation
{
    private static readonly string[] HttpSchemes = ["HTTP", "HTTPS"];

    private static List<FieldError> ValidateContainerLifecycleAndProbes(V1Container c, FieldPath path)
    {
        var errs = new List<FieldError>();
        if (c.Lifecycle?.PostStart is { } postStart)
        {
            errs.AddRange(ValidateHandler(postStart.Exec, postStart.HttpGet, postStart.TcpSocket, null, path.Child("lifecycle", "postStart")));
        }

        if (c.Lifecycle?.PreStop is { } preStop)
        {
            errs.AddRange(ValidateHandler(preStop.Exec, preStop.HttpGet, preStop.TcpSocket, null, path.Child("lifecycle", "preStop")));
        }

        errs.AddRange(ValidateProbe(c.LivenessProbe, path.Child("livenessProbe"), successMustBeOne: true));
        errs.AddRange(ValidateProbe(c.ReadinessProbe, path.Child("readinessProbe"), successMustBeOne: false));
        if (c.ReadinessProbe?.TerminationGracePeriodSeconds is { } readinessGrace)
        {
            errs.Add(FieldError.Invalid(path.Child("readinessProbe", "terminationGracePeriodSeconds").Value, readinessGrace, "must not be set for readinessProbes"));
        }

        errs.AddRange(ValidateProbe(c.StartupProbe, path.Child("startupProbe"), successMustBeOne: true));
        return errs;
    }

    private static IEnumerable<FieldError> ValidateProbe(V1Probe? probe, FieldPath path, bool successMustBeOne)
    {
        if (probe is null)
        {
            yield break;
        }

        var errs = ValidateHandler(probe.Exec, probe.HttpGet, probe.TcpSocket, probe.Grpc, path)
            .Concat(FieldErrors.NonNegative(probe.InitialDelaySeconds, path.Child("initialDelaySeconds")))
            .Concat(FieldErrors.NonNegative(probe.TimeoutSeconds, path.Child("timeoutSeconds")))
            .Concat(FieldErrors.NonNegative(probe.PeriodSeconds, path.Child("periodSeconds")))
            .Concat(FieldErrors.NonNegative(probe.SuccessThreshold, path.Child("successThreshold")))
            .Concat(FieldErrors.NonNegative(probe.FailureThreshold, path.Child("failureThreshold")));
        foreach (var e in errs)
        {
            yield return e;
        }

        if (probe.TerminationGracePeriodSeconds is { } grace and <= 0)
        {
            yield return FieldError.Invalid(path.Child("terminationGracePeriodSeconds").Value, grace, "must be greater than 0");
        }

        if (successMustBeOne && (probe.SuccessThreshold ?? 0) != 1)
        {
            yield return FieldError.Invalid(path.Child("successThreshold").Value, probe.SuccessThreshold ?? 0, "must be 1");
        }
    }

    private static List<FieldError> ValidateHandler(
        V1ExecAction? exec, V1HTTPGetAction? httpGet, V1TCPSocketAction? tcp, V1GRPCAction? grpc, FieldPath path)
    {
        var errs = new List<FieldError>();
        var handlers = 0;
        void One(string name, object? handler, Func<IEnumerable<FieldError>> validate)
        {
            if (handler is null)
            {
                return;
            }

            if (handlers > 0)
            {
                errs.Add(FieldError.Forbidden(path.Child(name).Value, "may not specify more than 1 handler type"));
                return;
            }

            handlers++;
            errs.AddRange(validate());
        }

        One("exec", exec, () => exec!.Command is { Count: > 0 } ? [] : [FieldError.Required(path.Child("exec", "command").Value)]);
        One("httpGet", httpGet, () => ValidateHttpGet(httpGet!, path.Child("httpGet")));
        One("tcpSocket", tcp, () => ValidatePortNumOrName(tcp!.Port, path.Child("tcpSocket", "port")));
        One("grpc", grpc, () => FormatChecks.IsValidPortNum(grpc!.Port).Select(m => FieldError.Invalid(path.Child("grpc", "port").Value, grpc.Port, m)));
        if (handlers == 0)
        {
            errs.Add(FieldError.Required(path.Value, "must specify a handler type"));
        }

        return errs;
    }

    private static IEnumerable<FieldError> ValidateHttpGet(V1HTTPGetAction action, FieldPath path)
    {
        if (string.IsNullOrEmpty(action.Path))
        {
            yield return FieldError.Required(path.Child("path").Value);
        }

        foreach (var e in ValidatePortNumOrName(action.Port, path.Child("port")))
        {
            yield return e;
        }

        if (!HttpSchemes.Contains(action.Scheme ?? ""))
        {
            yield return FieldError.NotSupported(path.Child("scheme").Value, action.Scheme ?? "", HttpSchemes);
        }
    }

    /// <summary>An int port must be 1–65535; a named port must be an IANA service name.</summary>
    internal static IEnumerable<FieldError> ValidatePortNumOrName(IntOrString? port, FieldPath path)
    {
        var text = port?.Value ?? "0";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return FormatChecks.IsValidPortNum(number).Select(m => FieldError.Invalid(path.Value, number, m));
        }

        return FormatChecks.IsValidPortName(text).Select(m => FieldError.Invalid(path.Value, text, m));
    }
}
