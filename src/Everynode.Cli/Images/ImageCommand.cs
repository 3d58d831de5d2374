using System.CommandLine;
using System.Globalization;
using Everynode.Agent.Images;
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
        var command = new Command("image", "Manage the node's image store (busybox is built in; other images are imported from archives).")
        {
            ImageStoreOption,
            CreateImport(),
            CreateList(),
            CreateRemove(),
        };
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
        var command = new Command("list", "List the images in the store, as crictl images does.");
        command.Aliases.Add("ls");
        command.SetAction(parse =>
        {
            var rows = new ImageStore(parse.GetValue(ImageStoreOption)!).List()
                .Select(r => new[] { r.Repository, r.Tag, r.Image.Id[7..20], HumanSize(r.Image.Size) }).ToList();
            Console.Write(Columns([["IMAGE", "TAG", "IMAGE ID", "SIZE"], .. rows]));
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
