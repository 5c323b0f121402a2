using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.Internal;

/// <summary>
/// How the inputs of a request are packed into one <see cref="ulong"/>: fact n at bit n-1
/// (22 facts), then contact, role and crime one-hot. Decision tables are indexed by the bits of
/// this word that their rules read. Targets (what is decided) are numbered 0..14: actions 1..9
/// are targets 0..8, requests 1..6 are targets 9..14.
/// </summary>
internal static class InputLayout
{
    public const int FactCount = 22;
    public const int ContactShift = 22;
    public const int RoleShift = 27;
    public const int CrimeShift = 32;
    public const int InputBitCount = 39;

    public const int ActionCount = 9;
    public const int RequestCount = 6;
    public const int TargetCount = ActionCount + RequestCount;
    public const int ContactCount = 5;
    public const int RoleCount = 5;
    public const int CrimeCount = 7;
    public const int CertifyVisaTarget = (int)Action.CertifyVisa - 1;

    public const ulong ContactBits = 0x1FUL << ContactShift;
    public const ulong RoleBits = 0x1FUL << RoleShift;
    public const ulong CrimeBits = 0x7FUL << CrimeShift;

    /// <summary>Every fact but CRIMINAL_ACTIVITY (19), the one cooperation-only fact.</summary>
    public const ulong EncounterFactBits = ((1UL << FactCount) - 1) & ~(1UL << ((int)Fact.CriminalActivity - 1));

    /// <summary>The basis facts a cooperation request may carry.</summary>
    public const ulong BasisFactBits =
        (1UL << ((int)Fact.CriminalWarrant - 1)) | (1UL << ((int)Fact.ImmigrationWarrant - 1)) |
        (1UL << ((int)Fact.CourtOrder - 1)) | (1UL << ((int)Fact.StatuteRequires - 1)) |
        (1UL << ((int)Fact.PublicSafetyThreat - 1)) | (1UL << ((int)Fact.CrimeInProgress - 1)) |
        (1UL << ((int)Fact.CriminalActivity - 1)) | (1UL << ((int)Fact.SupervisorApproval - 1));

    public const ulong EncounterInputBits = EncounterFactBits | ContactBits | RoleBits | CrimeBits;

    public static ulong FactBit(Fact fact) => 1UL << ((int)fact - 1);

    public static ulong ContactBit(Contact contact) => contact == Contact.Unspecified ? 0 : 1UL << (ContactShift + (int)contact - 1);

    public static ulong RoleBit(Role role) => role == Role.Unspecified ? 0 : 1UL << (RoleShift + (int)role - 1);

    public static ulong CrimeBit(Crime crime) => crime == Crime.Unspecified ? 0 : 1UL << (CrimeShift + (int)crime - 1);

    public static bool IsRequestTarget(int target) => target >= ActionCount;

    public static int ActionTarget(Action action) => (int)action - 1;

    public static int RequestTarget(Request request) => ActionCount + (int)request - 1;

    public static Action TargetAction(int target) => target < ActionCount ? (Action)(target + 1) : Action.Unspecified;

    public static Request TargetRequest(int target) => target >= ActionCount ? (Request)(target - ActionCount + 1) : Request.Unspecified;

    /// <summary>Inputs a request implies regardless of what the caller sent.</summary>
    public static ulong ForcedBits(int target) =>
        target == RequestTarget(Request.CriminalInvestigation) ? FactBit(Fact.CriminalActivity) : 0;

    /// <summary>The inputs a rule for this target may read.</summary>
    public static ulong AllowedBits(int target) => IsRequestTarget(target) ? BasisFactBits : EncounterInputBits;

    /// <summary>The crime encoded in the input, or unspecified.</summary>
    public static Crime CrimeOf(ulong input)
    {
        var bits = (input & CrimeBits) >> CrimeShift;
        return bits == 0 ? Crime.Unspecified : (Crime)(System.Numerics.BitOperations.TrailingZeroCount(bits) + 1);
    }

    /// <summary>A readable name for one input bit, e.g. "STATE_CHARGE", "contact BOOKING".</summary>
    public static string DescribeBit(int bit) => bit switch
    {
        < ContactShift => WireNames.Facts.Short(bit + 1),
        < RoleShift => "contact " + WireNames.Contacts.Short(bit - ContactShift + 1),
        < CrimeShift => "role " + WireNames.Roles.Short(bit - RoleShift + 1),
        _ => "crime " + WireNames.Crimes.Short(bit - CrimeShift + 1),
    };

    public static string DescribeTarget(int target) => IsRequestTarget(target)
        ? WireNames.Requests.Short(target - ActionCount + 1)
        : WireNames.Actions.Short(target + 1);

    /// <summary>True when the input can come from a valid request (at most one contact, role, crime).</summary>
    public static bool IsReachable(ulong input, ulong mask, int target)
    {
        if (!OneHotReachable(input & ContactBits, mask & ContactBits, ContactBits, required: true)) return false;
        if (!OneHotReachable(input & RoleBits, mask & RoleBits, RoleBits, required: true)) return false;
        return OneHotReachable(input & CrimeBits, mask & CrimeBits, CrimeBits, required: target == CertifyVisaTarget);
    }

    private static bool OneHotReachable(ulong set, ulong read, ulong group, bool required)
    {
        if (System.Numerics.BitOperations.PopCount(set) > 1) return false;
        // Every value of the group is read and none is set: only possible when the value is optional.
        return !(required && read == group && set == 0);
    }
}
