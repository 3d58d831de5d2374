namespace Everynode.Agent.Tests;

/// <summary>A theory that needs bubblewrap and a static busybox.</summary>
internal sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute()
    {
        Skip = new SandboxFactAttribute().Skip;
    }
}
