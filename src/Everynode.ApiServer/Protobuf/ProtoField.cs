namespace Everynode.ApiServer.Protobuf;

/// <summary>A field of a message: its JSON name, kind, whether it repeats, and the message type it holds.</summary>
/// <param name="KeepEmpty">An empty string is written to JSON (fields whose JSON form always has them).</param>
/// <param name="AlwaysPresent">A repeated field is written as <c>[]</c> when the body holds none of it.</param>
internal sealed record ProtoField(string Name, ProtoFieldKind Kind, bool Repeated = false, string? Message = null, bool KeepEmpty = false, bool AlwaysPresent = false);
