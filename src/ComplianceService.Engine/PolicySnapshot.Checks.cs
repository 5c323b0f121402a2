using System.Runtime.CompilerServices;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Engine;

public sealed partial class PolicySnapshot
{
    /// <summary>Decides one action during an encounter. The query is trusted (validated by the
    /// adapter); the one answer besides a decision is that the jurisdiction is not served.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The action, contact, role or crime is not a
    /// value of its enum (a query the adapter would have refused).</exception>
    public EngineDecision CheckEncounter(in EncounterQuery query)
    {
        var target = InputLayout.ActionTarget(query.Action);
        if ((uint)target >= InputLayout.ActionCount)
        {
            ThrowOutOfRange(nameof(query.Action));
        }

        var input = EncounterInput(query);
        if (!_jurisdictions.TryGetValue(query.Jurisdiction, out var state))
        {
            return EngineDecision.JurisdictionNotFound;
        }

        return Decide(state.Table(query.AsOf.Ticks, target), input, query.UnknownFacts, query.IncludeWhatIf ? InputLayout.EncounterFactBits : 0);
    }

    /// <summary>Decides one request from a federal agency.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The request is not a value of its enum.</exception>
    public EngineDecision CheckCooperationRequest(in CooperationQuery query)
    {
        var request = (int)query.Request;
        if ((uint)(request - 1) >= InputLayout.RequestCount)
        {
            ThrowOutOfRange(nameof(query.Request));
        }

        if (!_jurisdictions.TryGetValue(query.Jurisdiction, out var state))
        {
            return EngineDecision.JurisdictionNotFound;
        }

        var target = InputLayout.RequestTarget(query.Request);
        return Decide(state.Table(query.AsOf.Ticks, target), query.Basis.Bits, query.UnknownFacts, query.IncludeWhatIf ? InputLayout.BasisFactBits : 0);
    }

    /// <summary>Decides every action for one encounter (the query's action is not read), in
    /// Action order. CERTIFY_VISA without a crime answers with VISA_UNSPECIFIED.</summary>
    public EngineAdvice AdviseEncounter(in EncounterQuery query)
    {
        var decisions = new EngineDecision[InputLayout.ActionCount];
        return AdviseEncounter(query, decisions) ? new EngineAdvice(decisions, Revision) : default;
    }

    /// <summary>Decides every action for one encounter into <paramref name="decisions"/> (at least
    /// nine, in Action order) without allocating; false when the jurisdiction is not served.</summary>
    public bool AdviseEncounter(in EncounterQuery query, Span<EngineDecision> decisions)
    {
        if (decisions.Length < InputLayout.ActionCount)
        {
            throw new ArgumentException($"room for {InputLayout.ActionCount} decisions is needed", nameof(decisions));
        }

        var input = EncounterInput(query);
        if (!_jurisdictions.TryGetValue(query.Jurisdiction, out var state))
        {
            return false;
        }

        var whatIf = query.IncludeWhatIf ? InputLayout.EncounterFactBits : 0;
        for (var target = 0; target < InputLayout.ActionCount; target++)
        {
            decisions[target] = Decide(state.Table(query.AsOf.Ticks, target), input, query.UnknownFacts, whatIf);
        }

        return true;
    }

    /// <summary>The packed input of an encounter: its facts, then contact, role and crime one-hot
    /// (also how <c>compliancectl explain</c> packs the query for the reference evaluator).</summary>
    internal static ulong EncounterInput(in EncounterQuery query)
    {
        // A value outside its enum would set another group's bit and answer for an input nobody gave.
        if ((uint)((int)query.Contact - 1) >= InputLayout.ContactCount)
        {
            ThrowOutOfRange(nameof(query.Contact));
        }

        if ((uint)((int)query.Role - 1) >= InputLayout.RoleCount)
        {
            ThrowOutOfRange(nameof(query.Role));
        }

        if ((uint)query.Crime > InputLayout.CrimeCount)
        {
            ThrowOutOfRange(nameof(query.Crime));
        }

        return query.Facts.Bits | InputLayout.ContactBit(query.Contact) | InputLayout.RoleBit(query.Role) | InputLayout.CrimeBit(query.Crime);
    }

    // whatIfFacts: the facts to flip for what-if (the request kind's), or 0 when the query did
    // not ask; then nothing more is read or allocated.
    private static EngineDecision Decide(CompiledTable table, ulong input, in UnknownFacts unknownFacts, ulong whatIfFacts)
    {
        if (unknownFacts.Count == 0 && whatIfFacts == 0)
        {
            return new EngineDecision(table.Lookup(input));
        }

        // Unknown facts: every assignment through the same table (at most 16).
        Span<Fact> unknown = stackalloc Fact[UnknownFacts.Capacity];
        unknown = unknown[..unknownFacts.CopyTo(unknown)];
        var unknowns = unknown.Length == 0 ? null : UnknownFactsResolution.Create(table, input, unknown);
        var template = unknowns?.Headline ?? table.Lookup(input);
        var whatIf = whatIfFacts == 0 ? null : WhatIfResolution.Create(table, input, unknown, whatIfFacts, template.Outcome);
        return new EngineDecision(template, unknowns, whatIf);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOutOfRange(string field) =>
        throw new ArgumentOutOfRangeException("query", $"{field} is not a value of its enum: the query was not validated");
}
