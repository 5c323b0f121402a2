using System.Security.Cryptography;

namespace ComplianceService.Store;

/// <summary>
/// Signs bundles and activations with an administrator's private key (<c>compliancectl --signing-key</c>); see
/// <see cref="PolicySignature"/> for what is covered.
/// </summary>
public sealed class PolicySigner : IDisposable
{
    private readonly ECDsa _key;

    private PolicySigner(ECDsa key) => _key = key;

    /// <summary>Reads the private key from PEM text.</summary>
    /// <exception cref="ArgumentException">The text holds no P-256 private key.</exception>
    public static PolicySigner FromPem(string pem)
    {
        var key = PolicySignature.ReadKey(pem, "the signing key");
        try
        {
            // A public key alone cannot sign: find out now rather than at the first signature.
            _ = key.ExportECPrivateKey();
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new ArgumentException("the signing key is a public key; signing needs the private key", ex);
        }

        return new PolicySigner(key);
    }

    /// <summary>Reads the private key from a PEM file.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no P-256 private key.</exception>
    public static PolicySigner FromPemFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException("cannot read the signing key: " + ex.Message, ex);
        }

        return FromPem(text);
    }

    /// <summary>The matching public key, as the servers' <c>Compliance:Security:PolicySigningKeys</c> take it.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signs a bundle's revision.</summary>
    public string SignBundle(string revision) => PolicySignature.Sign(_key, PolicySignature.BundlePayload(revision));

    /// <summary>Signs an activation record's fields (its <see cref="ActivationRecord.Signature"/> is not covered).</summary>
    public string SignActivation(ActivationRecord activation) => PolicySignature.Sign(_key, PolicySignature.ActivationPayload(activation));

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
