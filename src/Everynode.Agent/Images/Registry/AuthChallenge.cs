namespace Everynode.Agent.Images.Registry;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge: <c>Bearer realm="…",service="…",scope="…"</c> or
/// <c>Basic realm="…"</c>.</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        header = header.Trim();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = space < 0 ? header.Length : space + 1;
        while (i < header.Length)
        {
            while (i < header.Length && (header[i] == ' ' || header[i] == ','))
            {
                i++;
            }

            var eq = header.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var name = header[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < header.Length && header[i] == '"')
            {
                var text = new System.Text.StringBuilder();
                i++;
                while (i < header.Length && header[i] != '"')
                {
                    if (header[i] == '\\' && i + 1 < header.Length)
                    {
                        i++;
                    }

                    text.Append(header[i]);
                    i++;
                }

                i++;
                value = text.ToString();
            }
            else
            {
                var end = header.IndexOf(',', i);
                end = end < 0 ? header.Length : end;
                value = header[i..end].Trim();
                i = end;
            }

            parameters[name] = value;
        }

        return new AuthChallenge(scheme, parameters);
    }
}
