namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// One message of <see cref="ProtobufSchema"/>: its fields by number, and what a field not listed means: skipped
/// (<paramref name="SkipUnknown"/>: fields the server ignores, such as ObjectMeta's read-only ones), or refused unless
/// it holds Go's zero value, so nothing a client sent is silently lost.
/// </summary>
internal sealed record ProtoMessage(IReadOnlyDictionary<int, ProtoField> Fields, bool SkipUnknown = false);
