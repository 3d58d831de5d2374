using System.Globalization;

namespace Everynode.Agent.Runtime.Process;

/// <summary>A process and its descendants, read from /proc.</summary>
internal static class ProcessTree
{
    /// <summary>The descendants of <paramref name="pid"/>, parents before children.</summary>
    public static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        var pending = new Queue<int>();
        pending.Enqueue(pid);
        while (pending.Count > 0)
        {
            foreach (var child in Children(pending.Dequeue()))
            {
                if (!found.Contains(child))
                {
                    found.Add(child);
                    pending.Enqueue(child);
                }
            }
        }

        return found;
    }

    /// <summary>The direct children of <paramref name="pid"/> (of all its threads).</summary>
    public static IEnumerable<int> Children(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                yield return int.Parse(word, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>SIGKILLs the descendants of <paramref name="pid"/>, deepest first, and not the process itself, which
    /// is left to reap them (killed first, its children would be re-parented to a container's PID 1, which may never
    /// reap them).</summary>
    public static void KillDescendants(int pid)
    {
        var descendants = Descendants(pid);
        for (var i = descendants.Count - 1; i >= 0; i--)
        {
            Libc.Signal(descendants[i], Libc.SigKill);
        }
    }

    /// <summary>SIGKILLs a process and every descendant (snapshot first, so none is re-parented away meanwhile).</summary>
    public static void Kill(int pid)
    {
        var all = Descendants(pid);
        all.Insert(0, pid);
        foreach (var p in all)
        {
            Libc.Signal(p, Libc.SigKill);
        }
    }
}
