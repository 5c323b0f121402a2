using ComplianceService.Contracts.V1;
using ComplianceService.Policies;
using ComplianceService.Policy.V1;
using Google.Protobuf;

namespace ComplianceService.Engine.UnitTests;

public sealed class SnapshotTests
{
    [Fact]
    public void Only_bytes_that_hash_to_the_revision_are_verified_and_a_verified_bundle_loads_under_it()
    {
        var bundle = CompiledPolicies.Compilation.Bundle!;
        var revision = CompiledPolicies.Compilation.Revision!;

        Assert.False(VerifiedBundle.TryVerify(new string('0', 64), bundle, out _));
        Assert.False(VerifiedBundle.TryVerify(revision.ToUpperInvariant(), bundle, out _));
        var tampered = (byte[])bundle.Clone();
        tampered[^1] ^= 1;
        Assert.False(VerifiedBundle.TryVerify(revision, tampered, out _));

        Assert.True(VerifiedBundle.TryVerify(revision, bundle, out var verified));
        Assert.Equal(revision, PolicySnapshot.Load(verified).Revision);
        Assert.Equal(revision, PolicySnapshot.Load(bundle).Revision);
        Assert.Equal(revision, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bundle)));
    }

    [Fact]
    public void Garbage_and_foreign_formats_are_refused()
    {
        Assert.Throws<PolicyBundleException>(() => PolicySnapshot.Load([0xFF, 0xFF, 0xFF]));
        var future = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        future.Format = PolicyCompiler.BundleFormat + 1;
        Assert.Throws<PolicyBundleException>(() => PolicySnapshot.Load(future.ToByteArray()));

        var broken = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        broken.Tables[0].Cells.Add(12345);
        Assert.Throws<PolicyBundleException>(() => PolicySnapshot.Load(broken.ToByteArray()));

        var dangling = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        dangling.Templates[0].Citations.Add(99_999);
        Assert.Throws<PolicyBundleException>(() => PolicySnapshot.Load(dangling.ToByteArray()));
    }

    [Fact]
    public void ListJurisdictions_shows_the_chain_sources_strongest_first_with_dates()
    {
        var listing = CompiledPolicies.Snapshot.ToListJurisdictionsResponse();

        Assert.Equal(CompiledPolicies.Snapshot.Revision, listing.PolicyRevision);
        Assert.Equal(
            ["us", "us-ks", "us-ks-kansas-city", "us-ks-overland-park", "us-ks-roeland-park", "us-mo", "us-mo-independence", "us-mo-kansas-city", "us-mo-st-joseph", "us-mt", "us-mt-bozeman"],
            listing.Jurisdictions.Select(j => j.Id));
        var rp = listing.Jurisdictions.Single(j => j.Id == "us-ks-roeland-park");
        Assert.Equal("us-ks", rp.Parent);
        Assert.Equal("Roeland Park Police Department", rp.Name);
        Assert.Equal(["us/vccr-art36", "us/rodriguez-2015", "us/8usc1373", "rp/ordinance-2020", "rp/directive"], rp.Sources.Select(s => s.Id));
        var ordinance = rp.Sources.Single(s => s.Id == "rp/ordinance-2020");
        Assert.Equal(new DateTime(2020, 12, 21, 0, 0, 0, DateTimeKind.Utc), ordinance.Effective.ToDateTime());
        Assert.Equal(Authority.LocalOrdinance, ordinance.Authority);
        Assert.Equal(Provenance.NewsReport, ordinance.Provenance);
        Assert.Equal(Provenance.OfficialText, rp.Sources.Single(s => s.Id == "rp/directive").Provenance);
        Assert.Equal("001_42c9e6476f967753", ordinance.Seed);
        Assert.Equal("us-ks-roeland-park", ordinance.Jurisdiction);
        Assert.Null(rp.Sources.Single(s => s.Id == "rp/directive").Effective);
        Assert.Equal("", listing.Jurisdictions.Single(j => j.Id == "us").Parent);

        // RSMo 67.307 is quoted from the statute, in force from 2008-08-28 (DOMAIN.md version 2).
        var rsmo = listing.Jurisdictions.Single(j => j.Id == "us-mo").Sources.Single(s => s.Id == "us-mo/rsmo-67.307");
        Assert.Equal(new DateTime(2008, 8, 28, 0, 0, 0, DateTimeKind.Utc), rsmo.Effective.ToDateTime());
        Assert.Equal((Authority.StateLaw, Provenance.OfficialText), (rsmo.Authority, rsmo.Provenance));

        // Each call is a fresh message: a caller's change does not leak into the snapshot.
        listing.Jurisdictions.Clear();
        Assert.Equal(11, CompiledPolicies.Snapshot.ToListJurisdictionsResponse().Jurisdictions.Count);
    }

    [Fact]
    public void Every_decision_guidance_fits_a_terminal_line_and_names_a_clause()
    {
        var bundle = PolicyBundle.Parser.ParseFrom(CompiledPolicies.Compilation.Bundle);
        foreach (var template in bundle.Templates)
        {
            Assert.InRange(template.Guidance.Length, 1, 160);
            if (template.Outcome != Outcome.NotAddressed)
            {
                Assert.Matches(@"\(.+\)$", template.Guidance);
            }
        }
    }
}
