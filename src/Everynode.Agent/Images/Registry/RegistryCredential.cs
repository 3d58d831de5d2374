namespace Everynode.Agent.Images.Registry;

/// <summary>Credentials for one registry: a username and password (Basic, or exchanged for a Bearer token), or an
/// identity token (an OAuth2 refresh token). <see cref="ToString"/> never shows the secret.</summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken = null)
{
    /// <summary>Decodes a docker config <c>auth</c> field: base64 of <c>user:password</c>.</summary>
    public static RegistryCredential FromAuth(string auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        string text;
        try
        {
            text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth.Trim()));
        }
        catch (FormatException e)
        {
            throw new FormatException("the auth field is not valid base64", e);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? throw new FormatException("the auth field does not decode to user:password")
            : new RegistryCredential(text[..colon], text[(colon + 1)..]);
    }

    public string BasicHeaderValue() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((Username ?? "") + ":" + (Password ?? "")));

    public override string ToString() => $"RegistryCredential {{ Username = {Username} }}";
}
