namespace Everynode.Api.Apply;

/// <summary>A field an apply would change that another manager owns.</summary>
public sealed record FieldConflict(ManagerEntry Owner, string Path);
