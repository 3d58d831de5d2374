namespace Everynode.ApiServer.Registry;

/// <summary>Names from <c>metadata.generateName</c>: the prefix plus five characters of upstream's alphabet.</summary>
internal static class NameGenerator
{
    // Consonants and digits only, as upstream uses, so generated names never spell words.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int RandomLength = 5;
    private const int MaxPrefixLength = 63 - RandomLength;

    public static string Generate(string prefix)
    {
        if (prefix.Length > MaxPrefixLength)
        {
            prefix = prefix[..MaxPrefixLength];
        }

        return string.Create(prefix.Length + RandomLength, prefix, static (span, p) =>
        {
            p.AsSpan().CopyTo(span);
            for (var i = p.Length; i < span.Length; i++)
            {
                span[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
            }
        });
    }
}
