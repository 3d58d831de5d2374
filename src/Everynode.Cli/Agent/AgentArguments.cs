using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Cli.Agent;

/// <summary>Parses the agent's flag values (labels, taints, quantities, node IP) with clear errors.</summary>
internal static class AgentArguments
{
    public static Dictionary<string, string> ParseLabels(IEnumerable<string> values)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in Split(values))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"--labels: \"{item}\" is not key=value");
            }

            labels[item[..eq]] = item[(eq + 1)..];
        }

        return labels;
    }

    public static List<V1Taint> ParseTaints(IEnumerable<string> values)
    {
        var taints = new List<V1Taint>();
        foreach (var item in Split(values))
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new ArgumentException($"--register-with-taints: \"{item}\" is not key[=value]:Effect");
            }

            var effect = item[(colon + 1)..];
            if (effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                throw new ArgumentException($"--register-with-taints: invalid taint effect: {effect}, unsupported taint effect");
            }

            var keyValue = item[..colon];
            var eq = keyValue.IndexOf('=', StringComparison.Ordinal);
            taints.Add(new V1Taint
            {
                Key = eq < 0 ? keyValue : keyValue[..eq],
                Value = eq < 0 ? null : keyValue[(eq + 1)..],
                Effect = effect,
            });
        }

        return taints;
    }

    /// <summary>A quantity such as 4, 1500m (cpu, to millicores) or 8Gi (memory, to bytes).</summary>
    public static long ParseQuantity(string flag, string text, decimal scale)
    {
        decimal value;
        try
        {
            value = Quantities.Value(new ResourceQuantity(text));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ArgumentException($"{flag}: \"{text}\" is not a quantity", e);
        }

        if (value <= 0)
        {
            throw new ArgumentException($"{flag} must be positive, not {text}");
        }

        return (long)Math.Ceiling(value * scale);
    }

    public static IPAddress ResolveNodeIP(string? flag)
    {
        if (flag is not null)
        {
            return IPAddress.TryParse(flag, out var ip) ? ip : throw new ArgumentException($"--node-ip: \"{flag}\" is not an IP address");
        }

        var candidates = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return candidates.FirstOrDefault() ?? IPAddress.Loopback;
    }

    public static string DefaultNodeName() => Environment.MachineName.ToLower(CultureInfo.InvariantCulture);

    private static IEnumerable<string> Split(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
