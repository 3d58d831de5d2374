namespace Everynode.Agent.Images;

/// <summary>One row of <c>everynode image list</c>: a repository and tag (or <c>&lt;none&gt;</c>) and its image.</summary>
public sealed record ImageListing(string Repository, string Tag, StoredImage Image);
