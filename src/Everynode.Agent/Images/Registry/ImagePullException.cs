namespace Everynode.Agent.Images.Registry;

/// <summary>Why a pull failed, in the terms a user acts on.</summary>
public enum ImagePullFailure
{
    /// <summary>The repository, tag or digest does not exist (manifest unknown, 404).</summary>
    NotFound,

    /// <summary>The registry refused the credentials, or demanded some and none were configured.</summary>
    Unauthorized,

    /// <summary>The endpoint could not be reached: refused, unresolvable, timed out, or a TLS failure.</summary>
    Unreachable,

    /// <summary>The image has no manifest for this node's platform.</summary>
    NoMatchingPlatform,

    /// <summary>The registry served content that is malformed, too large, or does not match its digest.</summary>
    InvalidContent,
}

/// <summary>A pull that failed; the message names the endpoint and cause and never holds a credential.</summary>
public sealed class ImagePullException : Exception
{
    public ImagePullException(ImagePullFailure failure, string message, Exception? inner = null) : base(message, inner) =>
        Failure = failure;

    public ImagePullException() : this(ImagePullFailure.InvalidContent, "image pull failed") { }

    public ImagePullException(string message) : this(ImagePullFailure.InvalidContent, message) { }

    public ImagePullException(string message, Exception inner) : this(ImagePullFailure.InvalidContent, message, inner) { }

    public ImagePullFailure Failure { get; }
}
