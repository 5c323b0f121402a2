using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ComplianceService.LoadTest.Internal;

/// <summary>
/// Sub-millisecond waits for the open-loop scheduler without burning a core (the server under
/// test shares this machine). On Linux the scheduler thread's timer slack is set to 1 ns and it
/// sleeps with nanosleep, which wakes within tens of microseconds; Thread.Sleep and Task.Delay
/// round to a millisecond or more. Elsewhere: Thread.Sleep(1) for long waits, else yield.
/// </summary>
internal static partial class SchedulerPause
{
    private const int PrSetTimerSlack = 29;
    private static readonly long TicksPerMillisecond = Stopwatch.Frequency / 1000;

    /// <summary>Call once on the scheduler thread.</summary>
    public static void PrepareThread()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // Timer slack stays at its 50 µs default: waits are just less precise.
            }
        }
    }

    /// <summary>Waits about <paramref name="ticks"/> Stopwatch ticks (at most a millisecond at a time).</summary>
    public static void Wait(long ticks)
    {
        if (ticks <= 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            var nanoseconds = Math.Min(RunRecorder.ToNanoseconds(ticks), 1_000_000);
            var request = new Timespec { Seconds = 0, Nanoseconds = (nint)nanoseconds };
            try
            {
                _ = NanoSleep(in request, IntPtr.Zero);
                return;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // fall through to the portable wait
            }
        }

        if (ticks > TicksPerMillisecond + (TicksPerMillisecond / 4))
        {
            Thread.Sleep(1);
        }
        else
        {
            Thread.Yield();
        }
    }

    [LibraryImport("libc", EntryPoint = "nanosleep")]
    private static partial int NanoSleep(in Timespec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
