using System.Security.Cryptography;
using System.Text;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The admin bearer token, created once in <c>DATA/admin.token</c> (mode 0600). Requests carrying it act as the
/// cluster administrator; requests without a valid token are refused with 401.
/// </summary>
internal sealed class AdminCredentials
{
    private readonly byte[] _tokenBytes;

    private AdminCredentials(string token)
    {
        Token = token;
        _tokenBytes = Encoding.UTF8.GetBytes(token);
    }

    public string Token { get; }

    public static AdminCredentials LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "admin.token");
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length >= 32)
            {
                return new AdminCredentials(existing);
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, token + "\n");
        return new AdminCredentials(token);
    }

    /// <summary>Compares a presented token with the admin token in constant time.</summary>
    public bool IsValidToken(string token) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _tokenBytes);
}
