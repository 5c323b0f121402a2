using System.Collections.Immutable;
using ComplianceService.Contracts.V1;
using Action = ComplianceService.Contracts.V1.Action;

namespace ComplianceService.Engine.Analysis;

/// <summary>
/// The inputs that can change the answer (<see cref="DecisionSummary"/>: outcome, visa, obligations) to one
/// action or request in one jurisdiction, on some date in force: exactly those, computed from the tables, so
/// that a screen asks an officer only the questions that matter there.
/// </summary>
/// <remarks>
/// A fact is relevant when two requests that differ only in that fact get different answers on some date.
/// For the contact (likewise role and crime) the values are split into classes that get the same answers
/// whatever the other inputs; when there is more than one class the contact matters, and the values listed
/// are those outside the class of the values no table reads (or, when every value is read, outside the largest
/// class, the first in enum order on a tie): a screen must tell those apart from the rest, and from each other.
/// Empty lists mean nothing of that kind matters; the contact and role are still required by every encounter.
/// </remarks>
/// <param name="Action">The action, or unspecified for a cooperation request.</param>
/// <param name="Request">The request, or unspecified for an encounter action.</param>
/// <param name="Facts">The facts that can change the answer, in enum order.</param>
/// <param name="Contacts">The contacts the answer can tell apart from the others.</param>
/// <param name="Roles">The roles the answer can tell apart from the others.</param>
/// <param name="Crimes">The crimes the answer can tell apart from the others (no crime counts as a value of its own, <see cref="Crime.Unspecified"/>).</param>
public sealed record RelevantInputs(
    Action Action, Request Request, ImmutableArray<Fact> Facts, ImmutableArray<Contact> Contacts, ImmutableArray<Role> Roles, ImmutableArray<Crime> Crimes);
