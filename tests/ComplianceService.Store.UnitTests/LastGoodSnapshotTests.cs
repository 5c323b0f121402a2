namespace ComplianceService.Store.UnitTests;

public sealed class LastGoodSnapshotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("compliance-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_written_snapshot_reads_back_with_its_activation_and_bytes()
    {
        var snapshot = new LastGoodSnapshot(Path.Combine(_directory, "nested", "last-good.bin"));
        var (revision, bytes) = Bundles.Random();
        var activation = new ActivationRecord(revision, new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), "alice", Bundles.Random().Revision)
        {
            Sequence = 1_767_225_600_123,
        };

        await snapshot.WriteAsync(activation, VerifiedBundle.Of(bytes));
        var read = await snapshot.ReadAsync();

        Assert.NotNull(read);
        Assert.Equal(activation, read.Activation);
        Assert.Equal(bytes, read.Bundle.Bytes.ToArray());
    }

    [Fact]
    public async Task A_newer_snapshot_replaces_the_older_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_directory, "last-good.bin");
        var snapshot = new LastGoodSnapshot(path);
        var (oldRevision, oldBytes) = Bundles.Random();
        var (newRevision, newBytes) = Bundles.Random(100);

        await snapshot.WriteAsync(new ActivationRecord(oldRevision, DateTimeOffset.UtcNow, "alice", null), VerifiedBundle.Of(oldBytes));
        await snapshot.WriteAsync(new ActivationRecord(newRevision, DateTimeOffset.UtcNow, "bob", oldRevision), VerifiedBundle.Of(newBytes));

        var read = await new LastGoodSnapshot(path).ReadAsync();
        Assert.Equal(newRevision, read?.Activation.Revision);
        Assert.Equal(newBytes, read?.Bundle.Bytes.ToArray());
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_snapshot_written_before_sequence_numbers_reads_back_with_sequence_0()
    {
        // The layout of an older snapshot: the same header without "sequence".
        var path = Path.Combine(_directory, "old.bin");
        var (revision, bytes) = Bundles.Random();
        var header = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"revision":"{{revision}}","activatedAt":"2025-01-01T00:00:00.0000000Z","activatedBy":"alice"}""");
        await File.WriteAllBytesAsync(path, [.. "CSSNAP1\n"u8, .. BitConverter.GetBytes(header.Length), .. header, .. BitConverter.GetBytes(bytes.Length), .. bytes]);

        var read = await new LastGoodSnapshot(path).ReadAsync();

        Assert.Equal(new ActivationRecord(revision, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), "alice", null), read?.Activation);
        Assert.Equal(0, read?.Activation.Sequence);
    }

    [Fact]
    public async Task No_file_means_no_snapshot()
    {
        var snapshot = new LastGoodSnapshot(Path.Combine(_directory, "missing", "last-good.bin"));

        Assert.Null(await snapshot.ReadAsync());
    }

    [Fact]
    public async Task A_bundle_that_does_not_match_the_revision_is_not_written()
    {
        var path = Path.Combine(_directory, "last-good.bin");
        var snapshot = new LastGoodSnapshot(path);
        var (revision, _) = Bundles.Random();

        await Assert.ThrowsAsync<ArgumentException>(() => snapshot.WriteAsync(new ActivationRecord(revision, DateTimeOffset.UtcNow, "alice", null), Bundles.RandomVerified()));

        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("flip-bundle-byte")]
    [InlineData("truncate")]
    [InlineData("append")]
    [InlineData("flip-signature")]
    [InlineData("flip-revision")]
    [InlineData("empty")]
    public async Task A_damaged_file_is_refused(string damage)
    {
        var path = Path.Combine(_directory, "last-good.bin");
        var snapshot = new LastGoodSnapshot(path);
        var (revision, bytes) = Bundles.Random();
        await snapshot.WriteAsync(new ActivationRecord(revision, DateTimeOffset.UtcNow, "alice", null), VerifiedBundle.Of(bytes));
        var content = await File.ReadAllBytesAsync(path);

        switch (damage)
        {
            case "flip-bundle-byte":
                content[^10] ^= 0x01;
                break;
            case "truncate":
                content = content[..^1];
                break;
            case "append":
                content = [.. content, 0];
                break;
            case "flip-signature":
                content[0] ^= 0x20;
                break;
            case "flip-revision":
                var at = content.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(revision));
                content[at] = (byte)(content[at] == (byte)'a' ? 'b' : 'a');
                break;
            case "empty":
                content = [];
                break;
        }

        await File.WriteAllBytesAsync(path, content);

        await Assert.ThrowsAsync<InvalidDataException>(() => snapshot.ReadAsync());
    }
}
