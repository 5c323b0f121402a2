using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ComplianceService.Engine;
using ComplianceService.Store.Internal;

namespace ComplianceService.Store;

/// <summary>
/// What a policy signature covers and how keys are read: the one place where bundles and activations are signed
/// (<see cref="PolicySigner"/>, in <c>compliancectl</c>) and verified (<see cref="PolicySignatureVerifier"/>, in every server).
/// </summary>
/// <remarks>
/// <para>Signatures are ECDSA over NIST P-256 with SHA-256, in the IEEE P1363 form (r || s, 64 bytes), written as base64.
/// Keys are PEM: a private key as <c>EC PRIVATE KEY</c> (SEC1, <c>openssl ecparam -genkey</c>) or <c>PRIVATE KEY</c> (PKCS#8,
/// <c>openssl genpkey</c>), a public key as <c>PUBLIC KEY</c> (<c>openssl pkey -pubout</c>).</para>
/// <para>A bundle signature covers its revision (the SHA-256 of the bytes, so the bytes too once the hash is checked):
/// the UTF-8 JSON array <c>["compliance.bundle/1","{revision}"]</c>. An activation signature covers every field of the
/// activation record: <c>["compliance.activation/1","{revision}","{sequence}","{activatedAt}","{activatedBy}","{previousRevision}"]</c>
/// (sequence as decimal text, activatedAt as ISO 8601 UTC with 7 fractional digits, previousRevision <c>null</c> for a first
/// activation). The first element keeps a signature of one kind from passing as the other.</para>
/// </remarks>
public static class PolicySignature
{
    /// <summary>The curve every signing key must be on.</summary>
    public static readonly ECCurve Curve = ECCurve.NamedCurves.nistP256;

    private const string NistP256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The bytes a bundle signature covers.</summary>
    public static byte[] BundlePayload(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        return Payload(writer =>
        {
            writer.WriteStringValue("compliance.bundle/1");
            writer.WriteStringValue(revision);
        });
    }

    /// <summary>The bytes an activation signature covers (every field of the record but the signature itself).</summary>
    public static byte[] ActivationPayload(ActivationRecord activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return Payload(writer =>
        {
            writer.WriteStringValue("compliance.activation/1");
            writer.WriteStringValue(activation.Revision);
            writer.WriteStringValue(activation.Sequence.ToString(CultureInfo.InvariantCulture));
            writer.WriteStringValue(ActivationRecordJson.FormatTime(activation.ActivatedAt));
            writer.WriteStringValue(activation.ActivatedBy);
            if (activation.PreviousRevision is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(activation.PreviousRevision);
            }
        });
    }

    /// <summary>Reads a P-256 key (private or public) from PEM text.</summary>
    /// <exception cref="ArgumentException">The text holds no PEM key, or one that is not ECDSA on P-256.</exception>
    public static ECDsa ReadKey(string pem, string what)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            if (curve.Oid?.Value != NistP256Oid && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
            {
                throw new ArgumentException(what + " is an EC key on another curve than P-256 (prime256v1).");
            }

            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw ex as ArgumentException ?? new ArgumentException(what + " is not a PEM ECDSA P-256 key: " + ex.Message, ex);
        }
    }

    internal static bool Verify(ECDsa key, byte[] payload, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        var bytes = new byte[64];
        return Convert.TryFromBase64String(signature, bytes, out var written)
            && written == bytes.Length
            && key.VerifyData(payload, bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static string Sign(ECDsa key, byte[] payload) =>
        Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    private static byte[] Payload(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }
}
