using System.Security.Cryptography;

namespace ComplianceService.Store;

/// <summary>
/// Checks bundle and activation signatures against the trusted public keys (a server's
/// <c>Compliance:Security:PolicySigningKeys</c>): a signature is good when one of the keys verifies it.
/// See <see cref="PolicySignature"/> for what is covered.
/// </summary>
public sealed class PolicySignatureVerifier : IDisposable
{
    private readonly ECDsa[] _keys;

    private PolicySignatureVerifier(ECDsa[] keys) => _keys = keys;

    /// <summary>How many keys are trusted.</summary>
    public int KeyCount => _keys.Length;

    /// <summary>
    /// Reads the trusted keys: each entry is PEM text (it contains <c>-----BEGIN</c>) or the path of a PEM file, relative
    /// paths against <paramref name="baseDirectory"/>. A PEM private key is accepted too (its public half is used).
    /// </summary>
    /// <exception cref="ArgumentException">No entry, an unreadable file, or an entry that is no P-256 key (the message names it).</exception>
    public static PolicySignatureVerifier FromKeys(IEnumerable<string> entries, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var keys = new List<ECDsa>();
        try
        {
            var index = 0;
            foreach (var entry in entries)
            {
                var what = $"policy signing key {index}";
                string pem;
                if (string.IsNullOrWhiteSpace(entry))
                {
                    throw new ArgumentException(what + " is empty.");
                }
                else if (entry.Contains("-----BEGIN", StringComparison.Ordinal))
                {
                    pem = entry;
                }
                else
                {
                    var path = Path.GetFullPath(entry.Trim(), baseDirectory);
                    what += " (" + path + ")";
                    try
                    {
                        pem = File.ReadAllText(path);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        throw new ArgumentException($"{what} cannot be read: {ex.Message}", ex);
                    }
                }

                var key = PolicySignature.ReadKey(pem, what);
                var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
                key.Dispose();
                keys.Add(publicOnly);
                index++;
            }

            if (keys.Count == 0)
            {
                throw new ArgumentException("no policy signing key given.");
            }

            return new PolicySignatureVerifier([.. keys]);
        }
        catch
        {
            keys.ForEach(k => k.Dispose());
            throw;
        }
    }

    /// <summary>Whether <paramref name="signature"/> is a trusted key's signature of <paramref name="revision"/>.</summary>
    public SignatureCheck VerifyBundle(string revision, string? signature) => Check(PolicySignature.BundlePayload(revision), signature);

    /// <summary>Whether the record's <see cref="ActivationRecord.Signature"/> is a trusted key's signature of its fields.</summary>
    public SignatureCheck VerifyActivation(ActivationRecord activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return Check(PolicySignature.ActivationPayload(activation), activation.Signature);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private SignatureCheck Check(byte[] payload, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        foreach (var key in _keys)
        {
            if (PolicySignature.Verify(key, payload, signature))
            {
                return SignatureCheck.Valid;
            }
        }

        return SignatureCheck.Invalid;
    }
}
