using System.Text;

namespace Everynode.Agent.Pods;

/// <summary>
/// A container's final command line, as upstream builds it: <c>command</c> replaces the image's entrypoint and drops
/// its cmd; <c>args</c> replaces the cmd; <c>$(VAR)</c> in command and args is expanded from the container's env.
/// </summary>
internal static class CommandLine
{
    /// <summary>The argv the runtime runs.</summary>
    public static List<string> Merge(
        IReadOnlyList<string> imageEntrypoint, IReadOnlyList<string> imageCmd, IList<string>? command, IList<string>? args,
        IReadOnlyDictionary<string, string> env)
    {
        var argv = new List<string>();
        if (command is { Count: > 0 })
        {
            argv.AddRange(command.Select(c => Expand(c, env)));
            if (args is { Count: > 0 })
            {
                argv.AddRange(args.Select(a => Expand(a, env)));
            }

            return argv;
        }

        argv.AddRange(imageEntrypoint);
        if (args is { Count: > 0 })
        {
            argv.AddRange(args.Select(a => Expand(a, env)));
        }
        else
        {
            argv.AddRange(imageCmd);
        }

        return argv;
    }

    /// <summary>
    /// Upstream's expansion: <c>$(NAME)</c> becomes the value of NAME, or stays as written when NAME is not defined;
    /// <c>$$</c> is an escaped <c>$</c>; a <c>$</c> followed by anything else, or an unclosed <c>$(</c>, is kept as is.
    /// </summary>
    public static string Expand(string input, IReadOnlyDictionary<string, string> env)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var output = new StringBuilder(input.Length);
        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (c != '$' || i + 1 >= input.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            var next = input[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '(')
            {
                var close = input.IndexOf(')', i + 2);
                if (close < 0)
                {
                    output.Append("$(");
                    i += 2;
                    continue;
                }

                var name = input[(i + 2)..close];
                output.Append(env.TryGetValue(name, out var value) ? value : $"$({name})");
                i = close + 1;
            }
            else
            {
                output.Append('$').Append(next);
                i += 2;
            }
        }

        return output.ToString();
    }
}
