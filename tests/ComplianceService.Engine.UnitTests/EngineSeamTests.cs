using System.Reflection;
using ComplianceService.Contracts.V1;
using Google.Protobuf;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.UnitTests;

/// <summary>The engine's seam: it decides a validated query into plain results, and its public
/// API speaks no protobuf message but the bundle it loads.</summary>
public sealed class EngineSeamTests
{
    [Fact]
    public void No_public_engine_signature_names_a_protobuf_message_and_the_engine_reads_no_YAML()
    {
        var engine = typeof(PolicySnapshot).Assembly;
        var offenders = new List<string>();
        foreach (var type in engine.GetExportedTypes())
        {
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var types = member switch
                {
                    MethodBase method => method.GetParameters().Select(p => p.ParameterType).Append((method as MethodInfo)?.ReturnType ?? typeof(void)),
                    PropertyInfo property => [property.PropertyType],
                    FieldInfo field => [field.FieldType],
                    _ => [],
                };
                foreach (var used in types.Select(t => t.IsByRef || t.IsArray ? t.GetElementType()! : t))
                {
                    // The generated bundle messages (ComplianceService.Policy.V1) are the engine's
                    // own input format; request and reply messages are the adapter's.
                    if (typeof(IMessage).IsAssignableFrom(used) && used.Namespace != "ComplianceService.Policy.V1")
                    {
                        offenders.Add($"{type.Name}.{member.Name}: {used.FullName}");
                    }
                }
            }
        }

        Assert.Empty(offenders);
        Assert.DoesNotContain(engine.GetReferencedAssemblies(), a => a.Name == "YamlDotNet");
    }

    [Fact]
    public void A_query_is_decided_into_plain_data()
    {
        // Built by hand, no request message: St. Joseph, an arrest on a state charge of a foreign
        // national whose supervisor's approval is unknown.
        var query = new EncounterQuery
        {
            Jurisdiction = Jurisdictions.StJoseph,
            Action = Action.DetainOrArrest,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = [Fact.StateCharge, Fact.ForeignNational, Fact.StatusInQuestion],
            UnknownFacts = [Fact.SupervisorApproval],
            AsOf = RequestGenerator.Now,
        };

        var decision = CompiledPolicies.Snapshot.CheckEncounter(query);

        Assert.True(decision.IsDecided);
        Assert.Equal(decision.Template.Outcome, decision.Outcome);
        Assert.Equal(Jurisdictions.StJoseph, decision.Template.Jurisdiction);
        Assert.Equal(Action.DetainOrArrest, decision.Template.Action);
        Assert.Equal(CompiledPolicies.Snapshot.Revision, decision.Template.PolicyRevision);
        Assert.All(decision.Template.Obligations, o => Assert.NotEqual(Actor.Unspecified, o.Actor));
        Assert.NotEmpty(decision.Template.Citations);
        Assert.All(decision.Template.Citations, c => Assert.NotEqual(Provenance.Unspecified, c.Provenance));
        Assert.Same(decision.Template, CompiledPolicies.Snapshot.Templates[decision.Template.Index]);
        Assert.Equal(2, decision.Alternatives.Length);
        Assert.Empty(decision.WhatIf.ToArray());

        // The same encounter as a request, read by the adapter as the server reads it, decides the same.
        var request = new EncounterRequest
        {
            Jurisdiction = Jurisdictions.StJoseph,
            Action = Action.DetainOrArrest,
            Contact = Contact.TrafficStop,
            Role = Role.Suspect,
            Facts = { Fact.StateCharge, Fact.ForeignNational, Fact.StatusInQuestion },
            UnknownFacts = { Fact.SupervisorApproval },
        };
        Assert.Equal(CompiledPolicies.Snapshot.CheckEncounter(request, RequestGenerator.Now).ToMessage(), decision.ToMessage());

        var elsewhere = CompiledPolicies.Snapshot.CheckEncounter(query with { Jurisdiction = "us-xx" });
        Assert.False(elsewhere.IsDecided);
        Assert.Equal(Outcome.Unspecified, elsewhere.Outcome);
    }
}
