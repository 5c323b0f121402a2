using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using Google.Protobuf.Collections;

namespace ComplianceService.Engine;

public sealed partial class PolicySnapshot
{
    /// <summary>Decides one action during an encounter. Never throws for bad input: an invalid
    /// request gives a decision whose <see cref="EngineDecision.Error"/> names the field.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="nowUtc">The current UTC time (decides for it when as_of is unset, and bounds as_of).</param>
    public EngineDecision CheckEncounter(EncounterRequest request, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(request);
        var error = ReadEncounter(request, advice: false, out var input);
        if (error is null)
        {
            error = ReadCommon(request.Jurisdiction, request.AsOf, request.UnknownFacts, input, InputLayout.EncounterFactBits, "an encounter", nowUtc, out var state, out var asOf);
            if (error is null)
            {
                return Decide(state!.Table(asOf, InputLayout.ActionTarget(request.Action)), input, request.UnknownFacts, request.IncludeWhatIf ? InputLayout.EncounterFactBits : 0);
            }
        }

        return new EngineDecision(error);
    }

    /// <summary>Decides one request from a federal agency.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="nowUtc">The current UTC time.</param>
    public EngineDecision CheckCooperationRequest(CooperationRequest request, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(request);
        var error = ReadCooperation(request, out var input);
        if (error is null)
        {
            error = ReadCommon(request.Jurisdiction, request.AsOf, request.UnknownFacts, input, InputLayout.BasisFactBits, "a cooperation request", nowUtc, out var state, out var asOf);
            if (error is null)
            {
                return Decide(state!.Table(asOf, InputLayout.RequestTarget(request.Request)), input, request.UnknownFacts, request.IncludeWhatIf ? InputLayout.BasisFactBits : 0);
            }
        }

        return new EngineDecision(error);
    }

    /// <summary>Decides every action for one encounter (the request's action must be unset).
    /// CERTIFY_VISA without a crime answers with VISA_UNSPECIFIED.</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="nowUtc">The current UTC time.</param>
    public EngineAdvice AdviseEncounter(EncounterRequest request, DateTime nowUtc)
    {
        var decisions = new EngineDecision[InputLayout.ActionCount];
        var error = AdviseEncounter(request, nowUtc, decisions);
        return error is null ? new EngineAdvice(decisions, Revision) : new EngineAdvice(error);
    }

    /// <summary>Decides every action for one encounter into <paramref name="decisions"/> (at least
    /// nine, in Action order) without allocating; returns the validation error, or null.</summary>
    public ValidationError? AdviseEncounter(EncounterRequest request, DateTime nowUtc, Span<EngineDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (decisions.Length < InputLayout.ActionCount)
        {
            throw new ArgumentException($"room for {InputLayout.ActionCount} decisions is needed", nameof(decisions));
        }

        var error = ReadEncounter(request, advice: true, out var input);
        if (error is null)
        {
            error = ReadCommon(request.Jurisdiction, request.AsOf, request.UnknownFacts, input, InputLayout.EncounterFactBits, "an encounter", nowUtc, out var state, out var asOf);
            if (error is null)
            {
                for (var target = 0; target < InputLayout.ActionCount; target++)
                {
                    decisions[target] = Decide(state!.Table(asOf, target), input, request.UnknownFacts, request.IncludeWhatIf ? InputLayout.EncounterFactBits : 0);
                }
            }
        }

        return error;
    }

    // whatIfFacts: the facts to flip for what-if (the request kind's), or 0 when the request did
    // not ask; then nothing more is read or allocated.
    private static EngineDecision Decide(CompiledTable table, ulong input, RepeatedField<Fact> unknownFacts, ulong whatIfFacts)
    {
        if (unknownFacts.Count == 0 && whatIfFacts == 0)
        {
            return new EngineDecision(table.Lookup(input));
        }

        // Unknown facts: every assignment through the same table (at most 16; validated before).
        Span<Fact> unknown = stackalloc Fact[unknownFacts.Count];
        for (var i = 0; i < unknown.Length; i++)
        {
            unknown[i] = unknownFacts[i];
        }

        var unknowns = unknown.Length == 0 ? null : UnknownFactsResolution.Create(table, input, unknown);
        var template = unknowns?.Headline ?? table.Lookup(input);
        var whatIf = whatIfFacts == 0 ? null : WhatIfResolution.Create(table, input, unknown, whatIfFacts, template.Outcome);
        return new EngineDecision(template, unknowns, whatIf);
    }
}
