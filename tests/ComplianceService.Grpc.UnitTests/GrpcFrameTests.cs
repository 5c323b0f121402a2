using System.Buffers;
using ComplianceService.Grpc.Protocol;

namespace ComplianceService.Grpc.UnitTests;

public sealed class GrpcFrameTests
{
    [Fact]
    public void HeaderIsFlagThenBigEndianLength()
    {
        var header = new byte[5];

        GrpcFrame.WriteHeader(header, compressed: true, 0x01020304);

        Assert.Equal(new byte[] { 1, 1, 2, 3, 4 }, header);
    }

    [Fact]
    public void HeaderSplitAcrossSegmentsIsRead()
    {
        var first = new Segment(new byte[] { 0, 0 });
        var last = first.Append(new byte[] { 0, 1, 0, 42 });
        var sequence = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.False(sequence.IsSingleSegment);
        Assert.True(GrpcFrame.TryReadHeader(sequence, out var flag, out var length));
        Assert.Equal(0, flag);
        Assert.Equal(256u, length);
    }

    [Fact]
    public void FewerThanFiveBytesIsNotAHeader()
    {
        Assert.False(GrpcFrame.TryReadHeader(new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 1 }), out _, out _));
    }

    [Fact]
    public void InvalidCompressedFlagIsReported()
    {
        var status = GrpcFrame.TryReadMessage(new ReadOnlySequence<byte>(new byte[] { 7, 0, 0, 0, 0 }), 100, out _, out _, out _, out _);

        Assert.Equal(FrameReadStatus.InvalidCompressedFlag, status);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
