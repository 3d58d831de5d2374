namespace Everynode.ApiServer.Protobuf;

/// <summary>How one protobuf field maps to JSON.</summary>
internal enum ProtoFieldKind
{
    String,

    /// <summary>Raw bytes, written in JSON as base64 (a Secret's data).</summary>
    Bytes,
    Int,
    Bool,
    Message,
    StringMap,

    /// <summary>A map of strings to raw bytes, base64 in JSON (a ConfigMap's binaryData).</summary>
    BytesMap,

    /// <summary>A map of strings to resource.Quantity ({1: string}).</summary>
    QuantityMap,
    IntOrString,

    /// <summary>Read and dropped (a Deployment's status on create).</summary>
    Ignored,
}
