using System.Text.Json;
using ComplianceService.Engine.Internal;

namespace ComplianceService.Wire;

/// <summary>The wire names of the vocabulary enumerations (<c>ACTION_VERIFY_STATUS</c>), as JSON text encoded once,
/// for the audit records.</summary>
internal sealed class WireNameText
{
    public static readonly WireNameText Outcomes = new(WireNames.Outcomes);
    public static readonly WireNameText Actions = new(WireNames.Actions);
    public static readonly WireNameText Contacts = new(WireNames.Contacts);
    public static readonly WireNameText Roles = new(WireNames.Roles);
    public static readonly WireNameText Crimes = new(WireNames.Crimes);
    public static readonly WireNameText Facts = new(WireNames.Facts);
    public static readonly WireNameText Requests = new(WireNames.Requests);
    public static readonly WireNameText Agencies = new(WireNames.Agencies);
    public static readonly WireNameText Obligations = new(WireNames.Obligations);

    private readonly EnumNames _names;
    private readonly JsonEncodedText[] _text;

    private WireNameText(EnumNames names)
    {
        _names = names;
        _text = new JsonEncodedText[names.Max + 1];
        for (var number = 0; number < _text.Length; number++)
        {
            _text[number] = JsonEncodedText.Encode(names.Full(number));
        }
    }

    /// <summary>The wire name of <paramref name="number"/> (its number for one the contract does not define).</summary>
    public JsonEncodedText this[int number] =>
        (uint)number < (uint)_text.Length ? _text[number] : JsonEncodedText.Encode(_names.Full(number));
}
