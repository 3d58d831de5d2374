namespace Everynode.Api.Authorization;

/// <summary>An authorizer's answer: allow, deny, or no opinion (the next authorizer decides), with a reason for the 403.</summary>
public readonly record struct AuthorizationDecision(AuthorizationDecision.Kind Outcome, string Reason)
{
    public enum Kind
    {
        NoOpinion,
        Allow,
        Deny,
    }

    public static AuthorizationDecision Allow { get; } = new(Kind.Allow, "");

    public static AuthorizationDecision NoOpinion(string reason = "") => new(Kind.NoOpinion, reason);

    public static AuthorizationDecision Deny(string reason) => new(Kind.Deny, reason);

    public bool Allowed => Outcome == Kind.Allow;
}
