using System.CommandLine;
using System.Globalization;
using Everynode.Api.Authentication;
using Everynode.Cli.Server;
using Everynode.Client.Connection;
using k8s;
using k8s.Autorest;

namespace Everynode.Cli.Tokens;

/// <summary>
/// <c>everynode token create|list|delete</c>: join tokens, kept as kubeadm keeps bootstrap tokens (Secrets
/// <c>kube-system/bootstrap-token-ID</c>), managed through the API with the admin kubeconfig.
/// </summary>
internal static class TokenCommand
{
    private static readonly Option<string?> Kubeconfig = new("--kubeconfig")
    {
        Description = "Kubeconfig of a cluster administrator (default: kubeconfig.yaml in --data-dir).",
    };

    private static readonly Option<string> DataDir = new("--data-dir")
    {
        Description = "The server's data folder.",
        DefaultValueFactory = _ => ServerCommandOptions.DefaultDataDirectory(),
    };

    private static readonly Option<TimeSpan> Ttl = new("--ttl")
    {
        Description = "How long the token is valid (e.g. 30m, 24h); 0 never expires.",
        DefaultValueFactory = _ => TimeSpan.FromHours(24),
        CustomParser = r => Durations.Parse(r),
    };

    private static readonly Option<string?> Description = new("--description")
    {
        Description = "A note kept with the token.",
    };

    private static readonly Argument<string> Id = new("TOKEN") { Description = "The token, or its ID (the part before the dot)." };

    public static Command Create()
    {
        var create = new Command("create", "Create a join token and print it.") { Kubeconfig, DataDir, Ttl, Description };
        create.SetAction(CreateAsync);
        var list = new Command("list", "List join tokens.") { Kubeconfig, DataDir };
        list.SetAction(ListAsync);
        var delete = new Command("delete", "Delete a join token; nodes that joined with it keep their own credentials.") { Kubeconfig, DataDir, Id };
        delete.SetAction(DeleteAsync);
        return new Command("token", "Manage join tokens for node agents (everynode agent --join-token).") { create, list, delete };
    }

    private static Kubernetes Client(ParseResult parse) => KubernetesClientFactory.FromKubeconfig(
        parse.GetValue(Kubeconfig) ?? Path.Combine(parse.GetValue(DataDir)!, "kubeconfig.yaml"), TimeSpan.FromSeconds(30));

    private static async Task<int> CreateAsync(ParseResult parse, CancellationToken ct)
    {
        var ttl = parse.GetValue(Ttl);
        if (ttl < TimeSpan.Zero)
        {
            await Console.Error.WriteLineAsync("error: --ttl must not be negative");
            return 2;
        }

        return await RunAsync(async () =>
        {
            using var client = Client(parse);
            var (id, secret) = BootstrapToken.Generate();
            DateTimeOffset? expiration = ttl > TimeSpan.Zero ? DateTimeOffset.UtcNow + ttl : null;
            await client.CoreV1.CreateNamespacedSecretAsync(
                BootstrapToken.ToSecret(id, secret, expiration, parse.GetValue(Description)), BootstrapToken.SecretNamespace, cancellationToken: ct);
            Console.WriteLine($"{id}.{secret}");
        });
    }

    private static async Task<int> ListAsync(ParseResult parse, CancellationToken ct) => await RunAsync(async () =>
    {
        using var client = Client(parse);
        var secrets = await client.CoreV1.ListNamespacedSecretAsync(BootstrapToken.SecretNamespace, fieldSelector: $"type={BootstrapToken.SecretType}", cancellationToken: ct);
        Console.WriteLine($"{"TOKEN ID",-10}{"EXPIRES",-22}DESCRIPTION");
        foreach (var s in secrets.Items.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal))
        {
            var expires = BootstrapToken.Expiration(s) is { } e ? e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "<never>";
            Console.WriteLine($"{BootstrapToken.Value(s, "token-id"),-10}{expires,-22}{BootstrapToken.Value(s, "description")}");
        }
    });

    private static async Task<int> DeleteAsync(ParseResult parse, CancellationToken ct) => await RunAsync(async () =>
    {
        var id = parse.GetValue(Id)!.Split('.')[0];
        using var client = Client(parse);
        await client.CoreV1.DeleteNamespacedSecretAsync(BootstrapToken.SecretName(id), BootstrapToken.SecretNamespace, cancellationToken: ct);
        Console.WriteLine($"join token {id} deleted");
    });

    private static async Task<int> RunAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (HttpOperationException e)
        {
            await Console.Error.WriteLineAsync($"error: {(int)e.Response.StatusCode}: {e.Response.Content}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or k8s.Exceptions.KubeConfigException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
