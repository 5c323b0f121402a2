using System.Security.Cryptography;
using System.Text;

namespace ComplianceService.Audit.UnitTests;

/// <summary>The chain on disk as the writer leaves it, and what <see cref="AuditTrail.Verify(string)"/> finds when someone edits it.</summary>
public sealed class AuditChainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("audit-unit-").FullName;
    private readonly string _journals = Directory.CreateTempSubdirectory("audit-journals-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        Directory.Delete(_journals, recursive: true);
    }

    [Fact]
    public async Task Concurrent_appends_are_all_written_once_in_one_intact_chain()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(() => writer.Append(Record(i)))));
        }

        var ids = AuditTrail.Records(_directory).Select(r => r.DecisionId).ToList();
        Assert.Equal(2000, ids.Count);
        Assert.Equal(2000, ids.Distinct().Count());
        Assert.Empty(AuditTrail.Verify(_directory));

        // Each line's hash is SHA-256 over "{seq} {prev} " and the JSON, computed here independently.
        var first = File.ReadLines(Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Single()).First().Split(' ', 4);
        Assert.Equal(("1", new string('0', 64)), (first[0], first[1]));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("1 " + first[1] + " " + first[3]))), first[2]);
    }

    [Fact]
    public async Task A_reopened_writer_continues_its_chain_and_cuts_a_line_torn_by_a_crash()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            writer.Append(Record(1));
            writer.Append(Record(2));
        }

        var segment = Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Single();
        await File.AppendAllTextAsync(segment, "3 0000 half a line that never got its newline");

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            Assert.Equal(2, writer.Count);
            writer.Append(Record(3));
        }

        Assert.Equal(["decision-1", "decision-2", "decision-3"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));
    }

    [Fact]
    public async Task A_reopened_writer_continues_after_a_last_record_longer_than_its_first_read_from_the_end()
    {
        // The chain resumes from the segment's last line, read backwards from the end in growing windows (4 KiB first).
        var longIncident = Record(2) with { IncidentId = new string('x', 10_000) };
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            writer.Append(Record(1));
            writer.Append(longIncident);
        }

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            Assert.Equal(2, writer.Count);
            writer.Append(Record(3));
        }

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            Assert.Equal(3, writer.Count);
            writer.Append(Record(4));
        }

        Assert.Equal(["decision-1", "decision-2", "decision-3", "decision-4"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));
    }

    [Fact]
    public async Task Lines_are_readable_while_the_writer_is_open_and_the_closed_file_ends_at_its_last_line()
    {
        string segment;
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            writer.Append(Record(1));
            writer.Append([Record(2), Record(3)]);

            // Written to the segment by the copier within milliseconds; readable there while the writer goes on.
            Assert.True(writer.Flush(TimeSpan.FromSeconds(10)), "the records reached the segment file");
            segment = Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Single();
            Assert.Equal(["decision-1", "decision-2", "decision-3"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
            Assert.Empty(AuditTrail.Verify(_directory));
            var tail = new AuditTail(_directory, "server-1");
            Assert.Equal([1L, 2L, 3L], tail.Read(10).Select(l => l.Seq));
            writer.Append(Record(4));
            Assert.True(writer.Flush(TimeSpan.FromSeconds(10)));
            Assert.Equal([4L], tail.Read(10).Select(l => l.Seq));
        }

        var bytes = await File.ReadAllBytesAsync(segment);
        Assert.DoesNotContain((byte)0, bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(4, File.ReadAllLines(segment).Length);
        Assert.Empty(Directory.GetFiles(_journals));
    }

    [Fact]
    public async Task Records_a_crash_left_in_the_journal_are_written_to_the_chain_when_it_is_opened_again_once_each()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            writer.Append(Record(1));
            writer.Append(Record(2));
        }

        // What a process killed between accepting records and the copier's next write leaves in its journal: record 2
        // again (written to the segment, not yet released from the journal when it died), then records 3 and 4.
        var journalPath = AuditJournal.FileFor(_journals, Path.Combine(_directory, "server-1"));
        using (var journal = AuditJournal.Open(journalPath))
        {
            // In shared memory, readable by the server's own user only.
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journalPath));
            }

            foreach (var (seq, record) in new[] { (2L, Record(2)), (3L, Record(3)), (4L, Record(4)) })
            {
                Assert.True(journal.TryAppend(seq, System.Text.Encoding.UTF8.GetBytes(AuditTrail.ToJson(record))));
            }

            journal.Publish();
        }

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            Assert.Equal(4, writer.Count);
            writer.Append(Record(5));
        }

        Assert.Equal(["decision-1", "decision-2", "decision-3", "decision-4", "decision-5"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));
        Assert.False(File.Exists(journalPath), "an emptied journal is removed when the writer closes");
    }

    [Fact]
    public async Task A_journal_left_beside_the_segments_is_written_to_the_chain_though_the_journal_folder_has_room_again()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            writer.Append(Record(1));
        }

        // A run that found no room in the journal folder kept its journal beside the segments, and was killed.
        var chain = Path.Combine(_directory, "server-1");
        var beside = AuditJournal.FileFor(chain, chain);
        using (var journal = AuditJournal.Open(beside))
        {
            Assert.True(journal.TryAppend(2, System.Text.Encoding.UTF8.GetBytes(AuditTrail.ToJson(Record(2)))));
            journal.Publish();
        }

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", journalDirectory: _journals))
        {
            Assert.Equal(2, writer.Count);
            writer.Append(Record(3));
        }

        Assert.Equal(["decision-1", "decision-2", "decision-3"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));
        Assert.False(File.Exists(beside), "the emptied journal is removed; the next run keeps its journal in the journal folder");
    }

    [Fact]
    public async Task A_full_journal_refuses_appends_whole_and_takes_them_again_once_it_has_room()
    {
        var journalPath = AuditJournal.FileFor(_journals, Path.Combine(_directory, "server-1"));
        var json = System.Text.Encoding.UTF8.GetBytes(AuditTrail.ToJson(Record(1)));
        using (var journal = AuditJournal.Open(journalPath, capacity: 4096))
        {
            // Room for a few entries: the next one that does not fit is refused, and nothing of it is published.
            var accepted = 0;
            while (journal.TryAppend(accepted + 1, json))
            {
                accepted++;
            }

            Assert.InRange(accepted, 1, 4096 / json.Length);
            journal.Discard();
            Assert.Equal(0, journal.Head);

            Assert.True(journal.TryAppend(1, json));
            journal.Publish();
            Assert.True(journal.TryRead(journal.Tail, journal.Head, out var next, out var seq, out var read));
            Assert.Equal(1L, seq);
            Assert.Equal(json, read.ToArray());
            journal.Consumed(next);

            // Freed room is used again, across the ring's end.
            for (var i = 2; i < 40; i++)
            {
                Assert.True(journal.TryAppend(i, json));
                journal.Publish();
                Assert.True(journal.TryRead(journal.Tail, journal.Head, out next, out seq, out read));
                Assert.Equal((long)i, seq);
                Assert.Equal(json, read.ToArray());
                journal.Consumed(next);
            }
        }

        File.Delete(journalPath);
    }

    [Fact]
    public async Task A_segment_left_open_by_a_crash_is_read_to_its_last_whole_line_and_cut_there_on_reopening()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            writer.Append(Record(1));
            writer.Append(Record(2));
        }

        // What a process killed while copying record 3 into its mapping leaves: the line's start, then zero bytes.
        var segment = Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Single();
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write("3 0000 half a line"u8);
            file.Write(new byte[100_000]);
        }

        Assert.Equal(["decision-1", "decision-2"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));

        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            Assert.Equal(2, writer.Count);
            writer.Append(Record(3));
        }

        Assert.Equal(["decision-1", "decision-2", "decision-3"], AuditTrail.Records(_directory).Select(r => r.DecisionId));
        Assert.Empty(AuditTrail.Verify(_directory));
        Assert.DoesNotContain((byte)0, await File.ReadAllBytesAsync(segment));
    }

    [Fact]
    public async Task Segments_rotate_and_the_chain_runs_across_them()
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1", segmentBytes: 4096))
        {
            for (var i = 0; i < 40; i++)
            {
                writer.Append(Record(i));
            }
        }

        Assert.True(Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Length > 1);
        Assert.Equal(40, AuditTrail.Records(_directory).Count());
        Assert.Empty(AuditTrail.Verify(_directory));
    }

    [Theory]
    [InlineData("change a byte", "record 5, decision decision-5: the record was changed")]
    [InlineData("delete a line", "record 6, decision decision-6: records 5 to 5 are missing")]
    [InlineData("swap two lines", "record 6, decision decision-6: records 5 to 5 are missing")]
    [InlineData("change a byte and its hash", "record 6, decision decision-6: the record before it was changed, removed or moved")]
    public async Task Verify_names_a_changed_removed_or_reordered_record(string tampering, string expected)
    {
        await using (var writer = AuditSegmentWriter.Open(_directory, "server-1"))
        {
            for (var i = 1; i <= 10; i++)
            {
                writer.Append(Record(i));
            }
        }

        var segment = Directory.GetFiles(Path.Combine(_directory, "server-1"), "*.log").Single();
        var lines = File.ReadAllLines(segment).ToList();
        switch (tampering)
        {
            case "change a byte":
                lines[4] = lines[4].Replace("OUTCOME_PROHIBITED", "OUTCOME_PERMITTED", StringComparison.Ordinal);
                break;
            case "delete a line":
                lines.RemoveAt(4);
                break;
            case "swap two lines":
                (lines[4], lines[5]) = (lines[5], lines[4]);
                break;
            case "change a byte and its hash":
                var parts = lines[4].Split(' ', 4);
                var json = parts[3].Replace("OUTCOME_PROHIBITED", "OUTCOME_PERMITTED", StringComparison.Ordinal);
                var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parts[0] + " " + parts[1] + " " + json)));
                lines[4] = string.Join(' ', parts[0], parts[1], hash, json);
                break;
        }

        await File.WriteAllLinesAsync(segment, lines);

        var problems = AuditTrail.Verify(_directory);
        Assert.NotEmpty(problems);
        Assert.Contains(expected, problems[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unwritable_folder_fails_appends_with_a_clear_reason()
    {
        var blocked = Path.Combine(_directory, "in-the-way");
        await File.WriteAllTextAsync(blocked, "a file where the folder should be");
        await using var writer = AuditSegmentWriter.Open(blocked, "server-1");

        var error = Assert.Throws<AuditUnavailableException>(() => writer.Append(Record(1)));
        Assert.StartsWith("The audit trail cannot be written", error.Message, StringComparison.Ordinal);
    }

    private static AuditRecord Record(int i) => new()
    {
        DecisionId = "decision-" + i,
        Time = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(i),
        Method = "CheckEncounter",
        Caller = "CN=cad-01",
        Instance = "server-1",
        Jurisdiction = "us-ks-roeland-park",
        Action = "ACTION_INQUIRE_STATUS",
        Contact = "CONTACT_TRAFFIC_STOP",
        Role = "ROLE_SUSPECT",
        Facts = ["FACT_STATE_CHARGE"],
        Outcome = "OUTCOME_PROHIBITED",
        Sources = ["rp/directive §III.b"],
        Revision = new string('a', 64),
        IncidentId = "CAD-" + i,
    };
}
