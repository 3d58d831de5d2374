namespace Everynode.Api.Patching;

/// <summary>A patch that is malformed (400) or cannot be applied to the object (422).</summary>
public sealed class PatchException(string message, int statusCode = 422) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
