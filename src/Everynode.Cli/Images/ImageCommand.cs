using System.CommandLine;
using System.Globalization;
using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;
using Everynode.Agent.Runtime;
using Everynode.Cli.Server;

namespace Everynode.Cli.Images;

/// <summary><c>everynode image import|list|remove</c>: the node-local image store the process runtime runs from.</summary>
internal static class ImageCommand
{
    private static readonly Option<string> ImageStoreOption = new("--image-store")
    {
        Description = "The image store folder (default: the images folder of the default data directory, ~/.everynode/images).",
        DefaultValueFactory = _ => ImageStore.DefaultDirectory(ServerCommandOptions.DefaultDataDirectory()),
        Recursive = true,
    };

    public static Command Create()
    {
        var command = new Command("image", "Manage the node's image store: pull from registries, import archives (busybox is built in).")
        {
            ImageStoreOption,
            CreatePull(),
            CreateImport(),
            CreateList(),
            CreateRemove(),
            CreatePrune(),
        };
        return command;
    }

    private static Command CreatePull()
    {
        var name = new Argument<string>("NAME[:TAG|@DIGEST]") { Description = "The image to pull (docker's short names work: nginx is docker.io/library/nginx:latest)." };
        var registryConfig = new Option<string?>("--registry-config") { Description = "A registries.yaml (k3s's format): mirrors, rewrites, credentials, TLS." };
        var user = new Option<string?>("--creds") { Description = "USER:PASSWORD for the image's registry." };
        var command = new Command("pull", "Pull an image from its registry into the store, as a pod's pull would.") { name, registryConfig, user };
        command.SetAction(async (parse, ct) =>
        {
            var store = new ImageStore(parse.GetValue(ImageStoreOption)!);
            var text = parse.GetValue(name)!;
            try
            {
                var reference = ImageReference.Parse(text);
                var config = parse.GetValue(registryConfig) is { } file ? RegistryConfig.Load(file) : RegistryConfig.Empty;
                IReadOnlyList<RegistryCredential> credentials = parse.GetValue(user) is { } creds
                    ? [creds.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
                        ? new RegistryCredential(creds[..colon], creds[(colon + 1)..])
                        : throw new FormatException("--creds must be USER:PASSWORD")]
                    : [];
                using var hosts = config.ToHosts();
                var progress = new PullProgressPrinter(Console.Error, !Console.IsErrorRedirected);
                var result = await store.PullAsync(reference, hosts, credentials, progress: progress, ct: ct);
                progress.Finish();
                Console.WriteLine(result.Downloaded == 0
                    ? $"{reference.Familiar}: image is up to date ({result.RepoDigest})"
                    : $"pulled {reference.Familiar} ({result.RepoDigest}, {HumanSize(result.Image.Size)}) from {result.Endpoint} into {store.Directory}");
                return 0;
            }
            catch (Exception e) when (e is FormatException or ImagePullException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: cannot pull {text}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreatePrune()
    {
        var command = new Command("prune", "Remove dangling images: neither tagged nor pulled by a digest.");
        command.SetAction(async (parse, ct) =>
        {
            var (lines, reclaimed) = await new ImageStore(parse.GetValue(ImageStoreOption)!).PruneAsync(ct);
            foreach (var line in lines)
            {
                Console.WriteLine(line);
            }

            Console.WriteLine($"Total reclaimed space: {HumanSize(reclaimed)}");
            return 0;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var name = new Argument<string>("NAME:TAG") { Description = "The reference pods will use (a missing tag means latest)." };
        var file = new Argument<string>("FILE") { Description = "A \"docker save\" archive or an OCI image layout archive (tar, optionally gzipped)." };
        var command = new Command("import", "Import an image archive under NAME:TAG.") { name, file };
        command.SetAction(async (parse, ct) =>
        {
            var store = new ImageStore(parse.GetValue(ImageStoreOption)!);
            try
            {
                var image = await store.ImportAsync(parse.GetValue(name)!, parse.GetValue(file)!, ct);
                Console.WriteLine($"imported {ImageReference.Parse(parse.GetValue(name)!).Familiar} ({image.Id}, {HumanSize(image.Size)}) into {store.Directory}");
                return 0;
            }
            catch (Exception e) when (e is FormatException or InvalidDataException or IOException or UnauthorizedAccessException
                or System.Text.Json.JsonException or KeyNotFoundException)
            {
                await Console.Error.WriteLineAsync($"error: cannot import {parse.GetValue(file)}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreateList()
    {
        var digests = new Option<bool>("--digests") { Description = "Show each image's repository digest, as crictl images --digests does." };
        var command = new Command("list", "List the images in the store, as crictl images does.") { digests };
        command.Aliases.Add("ls");
        command.SetAction(parse =>
        {
            var store = new ImageStore(parse.GetValue(ImageStoreOption)!);
            var withDigests = parse.GetValue(digests);
            var rows = store.List().Select(r =>
            {
                var digest = store.RepoDigestsOf(r.Image.Id).FirstOrDefault(d => d.StartsWith(r.Repository + "@", StringComparison.Ordinal)) is { } d
                    ? d[(d.IndexOf('@', StringComparison.Ordinal) + 1)..][..19]
                    : "<none>";
                return withDigests
                    ? new[] { r.Repository, r.Tag, digest, r.Image.Id[7..20], HumanSize(r.Image.Size) }
                    : [r.Repository, r.Tag, r.Image.Id[7..20], HumanSize(r.Image.Size)];
            }).ToList();
            string[] header = withDigests ? ["IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE"] : ["IMAGE", "TAG", "IMAGE ID", "SIZE"];
            Console.Write(Columns([header, .. rows]));
            return 0;
        });
        return command;
    }

    private static Command CreateRemove()
    {
        var images = new Argument<string[]>("IMAGE") { Description = "NAME:TAG or an image id (prefix).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("remove", "Remove tags (an image goes with its last tag) or images by id.") { images };
        command.Aliases.Add("rm");
        command.SetAction(async (parse, ct) =>
        {
            var store = new ImageStore(parse.GetValue(ImageStoreOption)!);
            var status = 0;
            foreach (var image in parse.GetValue(images)!)
            {
                try
                {
                    foreach (var line in await store.RemoveAsync(image, ct))
                    {
                        Console.WriteLine(line);
                    }
                }
                catch (ImageNotPresentException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    status = 1;
                }
            }

            return status;
        });
        return command;
    }

    /// <summary>Sizes as docker and crictl print them: decimal units, four significant digits.</summary>
    internal static string HumanSize(long bytes)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        double size = bytes;
        var unit = 0;
        while (size >= 1000 && unit < units.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return size.ToString("G4", CultureInfo.InvariantCulture) + units[unit];
    }

    private static string Columns(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length) + 3).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c]));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
