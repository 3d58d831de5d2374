using Everynode.ApiServer.Audit;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Endpoints;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.OpenApi;
using Everynode.ApiServer.Registry;

namespace Everynode.ApiServer.Pipeline;

/// <summary>The components the <see cref="RequestPipeline"/>'s stages call, composed by <see cref="ApiServerHost"/>.</summary>
internal sealed record RequestPipelineParts
{
    public required Authenticator Authenticator { get; init; }

    public required RequestAuthorizer Authorizer { get; init; }

    public required NodeCredentialExchange Credentials { get; init; }

    public required GenericRegistry Registry { get; init; }

    public required DiscoveryEndpoint Discovery { get; init; }

    public required OpenApiEndpoint OpenApi { get; init; }

    public required AccessReviews Reviews { get; init; }

    public required RequestLimits Limits { get; init; }

    public required ResourceEndpoint Resources { get; init; }

    public AuditLog? Audit { get; init; }

    public required TimeProvider Time { get; init; }

    /// <summary>Whether start-up has finished (/readyz answers 500 until then).</summary>
    public required Func<bool> Ready { get; init; }

    /// <summary>Signalled when the server begins to stop.</summary>
    public required CancellationToken Stopping { get; init; }
}
