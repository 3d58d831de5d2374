using System.Text;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// Users from a static token file (upstream's <c>--token-auth-file</c>): one CSV line per token,
/// <c>token,user,uid,"group1,group2"</c>; the groups column is optional. Every such user is also in
/// system:authenticated. A malformed file stops the server at start-up with the line number.
/// </summary>
internal sealed class TokenAuthFile
{
    private readonly Dictionary<string, UserInfo> _users;

    private TokenAuthFile(Dictionary<string, UserInfo> users) => _users = users;

    public static TokenAuthFile Empty { get; } = new(new Dictionary<string, UserInfo>(StringComparer.Ordinal));

    public static TokenAuthFile Load(string path)
    {
        var users = new Dictionary<string, UserInfo>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = SplitCsv(line, path, lineNumber);
            if (fields.Count < 3 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new ArgumentException($"{path}:{lineNumber}: a line needs at least token,user,uid");
            }

            var groups = fields.Count > 3
                ? fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
                : [];
            if (!groups.Contains("system:authenticated"))
            {
                groups.Add("system:authenticated");
            }

            if (!users.TryAdd(fields[0], new UserInfo(fields[1], groups, fields[2])))
            {
                throw new ArgumentException($"{path}:{lineNumber}: duplicate token");
            }
        }

        return new TokenAuthFile(users);
    }

    public UserInfo? Find(string token) => _users.GetValueOrDefault(token);

    /// <summary>RFC 4180 fields: commas separate, double quotes enclose, "" is a quote inside quotes.</summary>
    private static List<string> SplitCsv(string line, string path, int lineNumber)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new ArgumentException($"{path}:{lineNumber}: unterminated quote");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
