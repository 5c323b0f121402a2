using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ComplianceService.FunctionalTests;

/// <summary>
/// An OAuth2 token issuer made for a test: a random HMAC-SHA256 key, configured on the server the way an operator
/// would (<c>Authentication:Schemes:Bearer:*</c>), and the access tokens it signs.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "https://issuer.test.example";
    public const string Audience = "compliance-service";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The server settings that trust this issuer: ASP.NET Core's bearer configuration section.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings => new Dictionary<string, string>
    {
        ["Authentication:Schemes:Bearer:ValidIssuer"] = Issuer,
        ["Authentication:Schemes:Bearer:ValidAudiences:0"] = Audience,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
        ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(_key),
    };

    /// <summary>A signed access token for the client <paramref name="clientId"/>.</summary>
    public string Create(string clientId, string audience = Audience, TimeSpan? expiresIn = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-1) < now ? expires.AddHours(-1) : now,
            NotBefore = expires.AddHours(-1) < now ? expires.AddHours(-1) : now,
            Expires = expires,
            Claims = new Dictionary<string, object> { ["client_id"] = clientId, ["sub"] = "service-account-" + clientId },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(_key), SecurityAlgorithms.HmacSha256),
        });
    }
}
