using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Everynode.Agent.Images.Registry;

/// <summary>
/// A node's registry configuration in k3s's <c>registries.yaml</c> format:
/// <code>
/// mirrors:
///   docker.io:                                  # or "*": every registry without its own entry
///     endpoint: ["https://mirror.local:5000"]   # tried in order, then the registry itself
///     rewrite: {"^library/(.*)": "hub/$1"}      # applied to the repository, on mirrors only
/// configs:
///   mirror.local:5000:                          # an endpoint's host (or "*")
///     auth: {username: u, password: p}          # or auth (base64 user:password), or identitytoken
///     tls: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, insecure_skip_verify: false}
/// </code>
/// An endpoint without a scheme is HTTPS; plain HTTP only where written <c>http://</c>. Relative file paths are
/// read from the configuration file's folder. A document that does not parse, or names a file that is not there,
/// is refused with its line.
/// </summary>
public sealed class RegistryConfig
{
    private const string Wildcard = "*";

    private RegistryConfig(Dictionary<string, Mirror> mirrors, Dictionary<string, HostConfig> configs)
    {
        Mirrors = mirrors;
        Configs = configs;
    }

    /// <summary>The configuration with no mirrors and no host settings: every registry is reached directly.</summary>
    public static RegistryConfig Empty { get; } = new([], []);

    public IReadOnlyDictionary<string, Mirror> Mirrors { get; }

    public IReadOnlyDictionary<string, HostConfig> Configs { get; }

    /// <summary>A registry's mirrors, in order, and its repository rewrites.</summary>
    public sealed record Mirror(IReadOnlyList<Uri> Endpoints, IReadOnlyList<RepositoryRewrite> Rewrites);

    /// <summary>An endpoint host's credential and TLS settings.</summary>
    public sealed record HostConfig(RegistryCredential? Credential, RegistryTls? Tls);

    /// <summary>Reads <paramref name="file"/>; throws <see cref="FormatException"/> naming the file and line.</summary>
    public static RegistryConfig Load(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{file}: {e.Message}", e);
        }

        return Parse(text, full, Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses a document; <paramref name="name"/> names it in errors, relative paths are under
    /// <paramref name="baseDirectory"/>.</summary>
    public static RegistryConfig Parse(string text, string name, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{name}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var mirrors = new Dictionary<string, Mirror>(StringComparer.Ordinal);
        var configs = new Dictionary<string, HostConfig>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new RegistryConfig(mirrors, configs);
        }

        var reader = new Reader(name, baseDirectory);
        var root = reader.Mapping(stream.Documents[0].RootNode, "the document");
        foreach (var (key, value) in root.Children)
        {
            switch (reader.Scalar(key, "a top-level key"))
            {
                case "mirrors":
                    foreach (var (registry, mirror) in reader.Mapping(value, "mirrors").Children)
                    {
                        var host = reader.Scalar(registry, "a mirrors key");
                        mirrors[host] = reader.Mirror(mirror, $"mirrors.{host}");
                    }

                    break;
                case "configs":
                    foreach (var (registry, config) in reader.Mapping(value, "configs").Children)
                    {
                        var host = reader.Scalar(registry, "a configs key");
                        configs[host] = reader.HostConfig(config, $"configs.{host}");
                    }

                    break;
                default:
                    throw reader.Error(key, $"unknown key \"{((YamlScalarNode)key).Value}\" (expected mirrors or configs)");
            }
        }

        return new RegistryConfig(mirrors, configs);
    }

    /// <summary>The endpoints to try for <paramref name="registry"/>: its mirrors (or the <c>"*"</c> ones), then the
    /// registry itself, each with its host's settings.</summary>
    public IReadOnlyList<RegistryEndpoint> EndpointsFor(string registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var endpoints = new List<RegistryEndpoint>();
        if (Mirrors.TryGetValue(registry, out var mirror) || Mirrors.TryGetValue(Wildcard, out mirror))
        {
            foreach (var uri in mirror.Endpoints)
            {
                var config = ConfigFor(uri.Authority);
                endpoints.Add(new RegistryEndpoint(uri, config?.Tls, config?.Credential, mirror.Rewrites));
            }
        }

        var self = RegistryHosts.DefaultEndpoint(registry);
        if (!endpoints.Any(e => e.BaseUri.Authority == self.BaseUri.Authority && e.Rewrites is not { Count: > 0 }))
        {
            var own = ConfigFor(registry) ?? ConfigFor(self.BaseUri.Authority);
            endpoints.Add(self with { Tls = own?.Tls, Credential = own?.Credential });
        }

        return endpoints;
    }

    /// <summary>Registry hosts that reach registries as this configuration says.</summary>
    public RegistryHosts ToHosts(TimeProvider? time = null, TimeSpan? requestTimeout = null) =>
        new(EndpointsFor, time, requestTimeout);

    private HostConfig? ConfigFor(string authority) =>
        Configs.TryGetValue(authority, out var config) ? config : Configs.GetValueOrDefault(Wildcard);

    /// <summary>Walks the YAML with the file's name and each node's line in every error.</summary>
    private sealed class Reader(string name, string baseDirectory)
    {
        public FormatException Error(YamlNode node, string message) => new($"{name}: line {node.Start.Line}: {message}");

        public YamlMappingNode Mapping(YamlNode node, string what) => node switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
            _ => throw Error(node, $"{what} must be a mapping"),
        };

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a single value");

        public Mirror Mirror(YamlNode node, string path)
        {
            var endpoints = new List<Uri>();
            var rewrites = new List<RepositoryRewrite>();
            foreach (var (key, value) in Mapping(node, path).Children)
            {
                switch (Scalar(key, $"a key of {path}"))
                {
                    case "endpoint":
                        if (value is not YamlSequenceNode list)
                        {
                            throw Error(value, $"{path}.endpoint must be a list of URLs");
                        }

                        foreach (var item in list.Children)
                        {
                            endpoints.Add(Endpoint(item, $"{path}.endpoint"));
                        }

                        break;
                    case "rewrite":
                        foreach (var (pattern, replacement) in Mapping(value, $"{path}.rewrite").Children)
                        {
                            var regex = Scalar(pattern, $"a {path}.rewrite pattern");
                            try
                            {
                                rewrites.Add(new RepositoryRewrite(new Regex(regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
                                    Scalar(replacement, $"{path}.rewrite[\"{regex}\"]")));
                            }
                            catch (ArgumentException e)
                            {
                                throw Error(pattern, $"{path}.rewrite: \"{regex}\" is not a valid regular expression: {e.Message}");
                            }
                        }

                        break;
                    default:
                        throw Error(key, $"unknown key \"{((YamlScalarNode)key).Value}\" in {path} (expected endpoint or rewrite)");
                }
            }

            return new Mirror(endpoints, rewrites);
        }

        public HostConfig HostConfig(YamlNode node, string path)
        {
            RegistryCredential? credential = null;
            RegistryTls? tls = null;
            foreach (var (key, value) in Mapping(node, path).Children)
            {
                switch (Scalar(key, $"a key of {path}"))
                {
                    case "auth":
                        credential = Credential(value, $"{path}.auth");
                        break;
                    case "tls":
                        tls = Tls(value, $"{path}.tls");
                        break;
                    default:
                        throw Error(key, $"unknown key \"{((YamlScalarNode)key).Value}\" in {path} (expected auth or tls)");
                }
            }

            return new HostConfig(credential, tls);
        }

        private Uri Endpoint(YamlNode node, string path)
        {
            var text = Scalar(node, $"an entry of {path}");
            var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "https://" + text;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                throw Error(node, $"{path}: \"{text}\" is not an http:// or https:// URL");
            }

            return uri;
        }

        private RegistryCredential Credential(YamlNode node, string path)
        {
            string? username = null, password = null, auth = null, identity = null;
            foreach (var (key, value) in Mapping(node, path).Children)
            {
                var field = Scalar(key, $"a key of {path}");
                var text = Scalar(value, $"{path}.{field}");
                switch (field)
                {
                    case "username": username = text; break;
                    case "password": password = text; break;
                    case "auth": auth = text; break;
                    case "identitytoken": identity = text; break;
                    default: throw Error(key, $"unknown key \"{field}\" in {path} (expected username, password, auth or identitytoken)");
                }
            }

            if (auth is not null)
            {
                try
                {
                    var decoded = RegistryCredential.FromAuth(auth);
                    username ??= decoded.Username;
                    password ??= decoded.Password;
                }
                catch (FormatException e)
                {
                    throw Error(node, $"{path}.auth: {e.Message}");
                }
            }

            return new RegistryCredential(username, password, identity);
        }

        private RegistryTls Tls(YamlNode node, string path)
        {
            string? ca = null, cert = null, key = null;
            var insecure = false;
            foreach (var (k, value) in Mapping(node, path).Children)
            {
                var field = Scalar(k, $"a key of {path}");
                switch (field)
                {
                    case "ca_file": ca = File(value, $"{path}.ca_file"); break;
                    case "cert_file": cert = File(value, $"{path}.cert_file"); break;
                    case "key_file": key = File(value, $"{path}.key_file"); break;
                    case "insecure_skip_verify":
                        insecure = Scalar(value, $"{path}.insecure_skip_verify") switch
                        {
                            "true" or "True" or "TRUE" => true,
                            "false" or "False" or "FALSE" => false,
                            var other => throw Error(value, $"{path}.insecure_skip_verify must be true or false, not \"{other}\""),
                        };
                        break;
                    default: throw Error(k, $"unknown key \"{field}\" in {path} (expected ca_file, cert_file, key_file or insecure_skip_verify)");
                }
            }

            if ((cert is null) != (key is null))
            {
                throw Error(node, $"{path}: cert_file and key_file go together");
            }

            return new RegistryTls(ca, cert, key, insecure);
        }

        private string File(YamlNode node, string path)
        {
            var text = Scalar(node, path);
            var full = Path.GetFullPath(Path.Combine(baseDirectory, text));
            return System.IO.File.Exists(full) ? full : throw Error(node, $"{path}: {full} does not exist");
        }
    }
}
