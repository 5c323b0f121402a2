using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace ComplianceService.Security;

/// <summary>
/// Who made a call: the subject of the caller's client certificate, or the client id of its OAuth2 bearer token
/// (the <c>client_id</c>, else <c>azp</c>, else <c>sub</c> claim). This is the one place that says how a caller is
/// named; the audit trail records <see cref="Id"/> with each decision, and the per-caller rate limit partitions on it.
/// </summary>
/// <param name="Kind">How the caller proved it: <see cref="CertificateKind"/> or <see cref="TokenKind"/>.</param>
/// <param name="Id">The certificate's subject distinguished name (<c>CN=dispatch-01, O=County</c>) or the token's client id.</param>
public sealed record CallerIdentity(string Kind, string Id)
{
    /// <summary>The <see cref="Kind"/> of a caller identified by its client certificate.</summary>
    public const string CertificateKind = "certificate";

    /// <summary>The <see cref="Kind"/> of a caller identified by a bearer token.</summary>
    public const string TokenKind = "token";

    // The token claims naming the client, in order of preference (RFC 9068 client_id, OIDC azp, then the subject).
    private static readonly string[] ClientIdClaims = ["client_id", "azp", "sub"];

    /// <summary>The authenticated caller of the request, or null when it is anonymous (no authentication configured, or
    /// a method that needs none such as health).</summary>
    public static CallerIdentity? Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The feature, not HttpContext.User: without authentication nothing set it, and User would make an empty
        // principal (and add the feature) on every call just to find it anonymous.
        return Of(context.Features.Get<IHttpAuthenticationFeature>()?.User);
    }

    /// <summary>The caller named by an authenticated principal (as the certificate or bearer handler built it), or null.</summary>
    public static CallerIdentity? Of(ClaimsPrincipal? user)
    {
        if (user is null)
        {
            return null;
        }

        foreach (var identity in user.Identities)
        {
            if (!identity.IsAuthenticated)
            {
                continue;
            }

            if (identity.FindFirst(ClaimTypes.X500DistinguishedName) is { Value.Length: > 0 } subject)
            {
                return new CallerIdentity(CertificateKind, subject.Value);
            }

            foreach (var type in ClientIdClaims)
            {
                if (identity.FindFirst(type) is { Value.Length: > 0 } client)
                {
                    return new CallerIdentity(TokenKind, client.Value);
                }
            }
        }

        return null;
    }
}
