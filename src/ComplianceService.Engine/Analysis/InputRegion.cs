using System.Collections.Immutable;
using System.Text;
using ComplianceService.Contracts.V1;
using ComplianceService.Engine.Internal;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// A set of requests for one action or request, as a condition: facts that must be given, facts
/// that must not be, and the contacts, roles and crimes allowed. Facts named in neither list may be
/// anything. For a cooperation request the contact, role and crime lists are empty (they are not
/// inputs there).
/// </summary>
/// <param name="Action">The action, or unspecified for a cooperation request.</param>
/// <param name="Request">The request, or unspecified for an encounter action.</param>
/// <param name="TrueFacts">Facts the request gives.</param>
/// <param name="FalseFacts">Facts the request does not give.</param>
/// <param name="Contacts">The contacts allowed (every contact when the region does not depend on it).</param>
/// <param name="Roles">The roles allowed.</param>
/// <param name="Crimes">The crimes allowed; <see cref="Crime.Unspecified"/> stands for no crime given.</param>
public sealed record InputRegion(
    Action Action,
    Request Request,
    ImmutableArray<Fact> TrueFacts,
    ImmutableArray<Fact> FalseFacts,
    ImmutableArray<Contact> Contacts,
    ImmutableArray<Role> Roles,
    ImmutableArray<Crime> Crimes)
{
    /// <summary>The action or request name, e.g. "INQUIRE_STATUS" or "DETAINER".</summary>
    public string Target => Action != Action.Unspecified ? WireNames.Actions.Short((int)Action) : WireNames.Requests.Short((int)Request);

    /// <summary>Canonical text of the whole condition (equal regions, equal keys).</summary>
    internal string Key => $"{(int)Action}/{(int)Request}/{string.Join(',', TrueFacts)}/{string.Join(',', FalseFacts)}/{string.Join(',', Contacts)}/{string.Join(',', Roles)}/{string.Join(',', Crimes)}";

    /// <summary>True when a request with these inputs is in the region.</summary>
    /// <param name="facts">The facts given.</param>
    /// <param name="contact">The contact (unspecified for a cooperation request).</param>
    /// <param name="role">The role (unspecified for a cooperation request).</param>
    /// <param name="crime">The crime, or unspecified when none is given.</param>
    public bool Matches(FactSet facts, Contact contact, Role role, Crime crime)
    {
        foreach (var fact in TrueFacts)
        {
            if (!facts.Contains(fact))
            {
                return false;
            }
        }

        foreach (var fact in FalseFacts)
        {
            if (facts.Contains(fact))
            {
                return false;
            }
        }

        return Request != Request.Unspecified || (Contacts.Contains(contact) && Roles.Contains(role) && Crimes.Contains(crime));
    }

    /// <summary>How many distinct requests of this kind there are for one date: every assignment of the
    /// kind's facts (21 for an encounter, 8 basis facts for a cooperation request) times, for an encounter,
    /// 5 contacts, 5 roles and 8 crime choices (7 crimes or none; 7 for CERTIFY_VISA, which needs one).</summary>
    public static long AllRequests(Action action, Request request)
    {
        var target = action != Action.Unspecified ? InputLayout.ActionTarget(action) : InputLayout.RequestTarget(request);
        return InputSpace.For(target, 0).Requests([.. InputSpace.For(target, 0).Variables.Select(v => (1u << v.Values.Length) - 1)]);
    }

    /// <summary>The condition in words, e.g. "STATUS_PERTINENT and not REASONABLE_SUSPICION and contact in
    /// (TRAFFIC_STOP, PEDESTRIAN_STOP)"; "any request" when it holds every request.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        parts.AddRange(TrueFacts.Select(f => WireNames.Facts.Short((int)f)));
        parts.AddRange(FalseFacts.Select(f => "not " + WireNames.Facts.Short((int)f)));
        if (Request == Request.Unspecified)
        {
            AddGroup(parts, "contact", [.. Contacts.Select(c => (int)c)], InputLayout.ContactCount, WireNames.Contacts, noneAllowed: false);
            AddGroup(parts, "role", [.. Roles.Select(r => (int)r)], InputLayout.RoleCount, WireNames.Roles, noneAllowed: false);
            AddGroup(parts, "crime", [.. Crimes.Select(c => (int)c)], InputLayout.CrimeCount, WireNames.Crimes, noneAllowed: Action != Action.CertifyVisa);
        }

        return parts.Count == 0 ? "any request" : string.Join(" and ", parts);
    }

    private static void AddGroup(List<string> parts, string name, int[] allowed, int count, EnumNames names, bool noneAllowed)
    {
        var all = Enumerable.Range(noneAllowed ? 0 : 1, noneAllowed ? count + 1 : count).ToArray();
        if (allowed.Length == all.Length)
        {
            return;
        }

        var noneIn = allowed.Contains(0);
        var values = allowed.Where(v => v != 0).ToArray();
        var others = all.Where(v => v != 0 && !allowed.Contains(v)).ToArray();
        if (noneIn && values.Length == 0)
        {
            parts.Add("no " + name);
        }
        else if (!noneIn && others.Length == 0)
        {
            parts.Add("some " + name + " given");
        }
        else if (noneIn || (!noneAllowed && others.Length < values.Length))
        {
            // "not in" also holds no value given, which is just what the set holds when none is in it.
            parts.Add(others.Length == 1 ? $"{name} is not {names.Short(others[0])}" : $"{name} not in ({List(others, names)})");
        }
        else
        {
            parts.Add(values.Length == 1 ? $"{name} is {names.Short(values[0])}" : $"{name} in ({List(values, names)})");
        }
    }

    private static string List(int[] values, EnumNames names)
    {
        var text = new StringBuilder();
        foreach (var value in values)
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(names.Short(value));
        }

        return text.ToString();
    }
}
