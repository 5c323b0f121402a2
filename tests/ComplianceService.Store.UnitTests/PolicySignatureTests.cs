using System.Diagnostics;
using System.Security.Cryptography;

namespace ComplianceService.Store.UnitTests;

/// <summary>
/// The signature module shared by compliancectl (<see cref="PolicySigner"/>) and the servers (<see cref="PolicySignatureVerifier"/>):
/// what a signature covers, and which keys are accepted.
/// </summary>
public sealed class PolicySignatureTests : IDisposable
{
    private static readonly string RevisionA = new('a', 64);
    private static readonly string RevisionB = new('b', 64);

    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-signature-").FullName;
    private readonly ECDsa _admin = ECDsa.Create(PolicySignature.Curve);
    private readonly ECDsa _other = ECDsa.Create(PolicySignature.Curve);

    public void Dispose()
    {
        _admin.Dispose();
        _other.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void A_signed_bundle_and_activation_verify_under_the_admins_public_key()
    {
        using var signer = PolicySigner.FromPem(_admin.ExportPkcs8PrivateKeyPem());
        using var verifier = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem()], _directory);
        var activation = Activation();

        Assert.Equal(SignatureCheck.Valid, verifier.VerifyBundle(RevisionA, signer.SignBundle(RevisionA)));
        Assert.Equal(SignatureCheck.Valid, verifier.VerifyActivation(activation with { Signature = signer.SignActivation(activation) }));

        // A first activation (no previous revision) is signed as such.
        var first = activation with { PreviousRevision = null };
        Assert.Equal(SignatureCheck.Valid, verifier.VerifyActivation(first with { Signature = signer.SignActivation(first) }));
    }

    [Fact]
    public void A_bundle_signature_does_not_cover_another_revision()
    {
        using var signer = PolicySigner.FromPem(_admin.ExportPkcs8PrivateKeyPem());
        using var verifier = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem()], _directory);

        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyBundle(RevisionB, signer.SignBundle(RevisionA)));
    }

    public static TheoryData<string> ActivationFields => ["revision", "sequence", "activatedAt", "activatedBy", "previousRevision", "first activation"];

    [Theory]
    [MemberData(nameof(ActivationFields))]
    public void An_activation_with_any_field_changed_after_signing_is_invalid(string field)
    {
        using var signer = PolicySigner.FromPem(_admin.ExportPkcs8PrivateKeyPem());
        using var verifier = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem()], _directory);
        var signed = Activation() with { Signature = signer.SignActivation(Activation()) };

        var tampered = field switch
        {
            "revision" => signed with { Revision = RevisionB },
            "sequence" => signed with { Sequence = signed.Sequence + 1 }, // a replayed activation re-numbered above the served one
            "activatedAt" => signed with { ActivatedAt = signed.ActivatedAt.AddTicks(1) },
            "activatedBy" => signed with { ActivatedBy = "mallory" },
            "previousRevision" => signed with { PreviousRevision = RevisionA },
            _ => signed with { PreviousRevision = null },
        };

        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyActivation(tampered));
    }

    [Fact]
    public void A_signature_made_with_another_key_is_invalid_and_a_second_trusted_key_is_accepted()
    {
        using var mallory = PolicySigner.FromPem(_other.ExportPkcs8PrivateKeyPem());
        using var verifier = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem()], _directory);
        var activation = Activation();

        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyBundle(RevisionA, mallory.SignBundle(RevisionA)));
        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyActivation(activation with { Signature = mallory.SignActivation(activation) }));

        // Trusting both keys (a key rotation) accepts either.
        using var both = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem(), _other.ExportSubjectPublicKeyInfoPem()], _directory);
        Assert.Equal(SignatureCheck.Valid, both.VerifyBundle(RevisionA, mallory.SignBundle(RevisionA)));
    }

    [Fact]
    public void A_missing_signature_is_missing_and_garbage_or_a_signature_of_the_other_kind_is_invalid()
    {
        using var signer = PolicySigner.FromPem(_admin.ExportPkcs8PrivateKeyPem());
        using var verifier = PolicySignatureVerifier.FromKeys([_admin.ExportSubjectPublicKeyInfoPem()], _directory);
        var activation = Activation();

        Assert.Equal(SignatureCheck.Missing, verifier.VerifyBundle(RevisionA, null));
        Assert.Equal(SignatureCheck.Missing, verifier.VerifyBundle(RevisionA, string.Empty));
        Assert.Equal(SignatureCheck.Missing, verifier.VerifyActivation(activation));
        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyBundle(RevisionA, "not base64!"));
        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyBundle(RevisionA, Convert.ToBase64String(new byte[64])));

        // A bundle signature of the activation's revision does not pass as the activation's signature.
        Assert.Equal(SignatureCheck.Invalid, verifier.VerifyActivation(activation with { Signature = signer.SignBundle(activation.Revision) }));
    }

    [Fact]
    public void Keys_made_with_the_readmes_openssl_commands_sign_and_verify_and_are_read_from_files()
    {
        var key = Path.Combine(_directory, "admin-signing.key");
        var pub = Path.Combine(_directory, "admin-signing.pub.pem");
        Run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
        Run("openssl", "pkey", "-in", key, "-pubout", "-out", pub);

        using var signer = PolicySigner.FromPemFile(key);
        using var verifier = PolicySignatureVerifier.FromKeys(["admin-signing.pub.pem"], _directory); // relative to the base directory
        Assert.Equal(SignatureCheck.Valid, verifier.VerifyBundle(RevisionA, signer.SignBundle(RevisionA)));

        // The older SEC1 form ("EC PRIVATE KEY") is read too.
        var sec1 = Path.Combine(_directory, "sec1.pem");
        Run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", sec1);
        using var sec1Signer = PolicySigner.FromPemFile(sec1);
        using var sec1Verifier = PolicySignatureVerifier.FromKeys([sec1Signer.PublicKeyPem], _directory);
        Assert.Equal(SignatureCheck.Valid, sec1Verifier.VerifyBundle(RevisionA, sec1Signer.SignBundle(RevisionA)));
    }

    [Fact]
    public void Unusable_keys_are_refused_with_a_reason()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        Assert.Contains("P-256", Assert.Throws<ArgumentException>(() => PolicySigner.FromPem(p384.ExportPkcs8PrivateKeyPem())).Message, StringComparison.Ordinal);
        Assert.Contains("public key", Assert.Throws<ArgumentException>(() => PolicySigner.FromPem(_admin.ExportSubjectPublicKeyInfoPem())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PolicySigner.FromPem(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<ArgumentException>(() => PolicySigner.FromPemFile(Path.Combine(_directory, "absent.pem")));
        Assert.Contains("cannot be read", Assert.Throws<ArgumentException>(() => PolicySignatureVerifier.FromKeys(["absent.pub.pem"], _directory)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PolicySignatureVerifier.FromKeys([], _directory));
        Assert.Throws<ArgumentException>(() => PolicySignatureVerifier.FromKeys(["-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----"], _directory));
    }

    private static ActivationRecord Activation() =>
        new(RevisionA, new DateTimeOffset(2026, 11, 30, 9, 30, 0, TimeSpan.Zero).AddTicks(1234567), "alice", RevisionB) { Sequence = 1_796_030_927_129 };

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
    }
}
